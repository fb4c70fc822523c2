package dev.berth.vm.internal.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The per-install certificates that make the guest's Docker Engine accept only this user's Berth: a private
 * authority, a server certificate for dockerd and a client certificate for the host side (mutual TLS).
 *
 * @param dir folder holding {@code ca.pem}, {@code server-cert.pem}, {@code server-key.pem}, {@code cert.pem}
 *            and {@code key.pem}
 */
public record EngineCertificates(Path dir) {
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** The authority's certificate. */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** dockerd's certificate. */
    public Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    /** dockerd's private key. */
    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    /** The host side's client certificate. */
    public Path clientCert() {
        return dir.resolve("cert.pem");
    }

    /** The host side's private key. */
    public Path clientKey() {
        return dir.resolve("key.pem");
    }

    /** Creates the certificates unless all exist; files are readable by their owner only. */
    public EngineCertificates ensure() throws IOException {
        if (List.of(ca(), serverCert(), serverKey(), clientCert(), clientKey()).stream().allMatch(Files::isRegularFile)) {
            return this;
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try {
            KeyPair caKeys = keyPair();
            X500Name caName = new X500Name("CN=Berth engine authority");
            X509CertificateHolder ca = sign(caName, caKeys, caName, caKeys, true, null, null);
            KeyPair serverKeys = keyPair();
            GeneralNames serverNames = new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "10.0.2.15"),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, "berth-vm")});
            X509CertificateHolder server = sign(new X500Name("CN=berth-vm"), serverKeys, caName, caKeys, false,
                    serverNames, KeyPurposeId.id_kp_serverAuth);
            KeyPair clientKeys = keyPair();
            X509CertificateHolder client = sign(new X500Name("CN=berth-client"), clientKeys, caName, caKeys, false,
                    null, KeyPurposeId.id_kp_clientAuth);
            write(ca(), pem("CERTIFICATE", ca.getEncoded()));
            write(serverCert(), pem("CERTIFICATE", server.getEncoded()));
            write(serverKey(), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
            write(clientCert(), pem("CERTIFICATE", client.getEncoded()));
            write(clientKey(), pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
            return this;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the engine certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    private static X509CertificateHolder sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                              boolean authority, GeneralNames names, KeyPurposeId purpose)
            throws IOException, OperatorCreationException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(authority
                ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (names != null) b.addExtension(Extension.subjectAlternativeName, false, names);
        if (purpose != null) b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
