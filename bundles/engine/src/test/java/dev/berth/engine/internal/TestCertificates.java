package dev.berth.engine.internal;

import dev.berth.api.vm.GuestEndpoint;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Self-signed authority, server and client certificates (EC, PKCS#8 keys) written as PEM files for one test. */
record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    static TestCertificates create(Path dir) throws IOException, GeneralSecurityException {
        try {
            KeyPair caKeys = keys();
            X500Name caName = new X500Name("CN=test authority");
            KeyPair serverKeys = keys();
            KeyPair clientKeys = keys();
            TestCertificates c = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server-cert.pem"),
                    dir.resolve("server-key.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
            write(c.ca, "CERTIFICATE", sign(caName, caKeys, caName, caKeys, true).getEncoded());
            write(c.serverCert, "CERTIFICATE", sign(new X500Name("CN=engine"), serverKeys, caName, caKeys, false).getEncoded());
            write(c.serverKey, "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
            write(c.clientCert, "CERTIFICATE", sign(new X500Name("CN=client"), clientKeys, caName, caKeys, false).getEncoded());
            write(c.clientKey, "PRIVATE KEY", clientKeys.getPrivate().getEncoded());
            return c;
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Where the proxy finds an engine that uses these certificates. */
    GuestEndpoint endpoint(int port) {
        return new GuestEndpoint("127.0.0.1", port, ca, clientCert, clientKey);
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509CertificateHolder sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                              boolean authority) throws IOException,
            org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        if (!authority) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(new PemObject(type, der));
        }
        Files.writeString(file, text.toString());
    }
}
