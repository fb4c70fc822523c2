package dev.berth.vm.internal.tls;

import dev.berth.api.vm.GuestEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** An SSL context that presents the client certificate of a guest endpoint and trusts only its authority. */
public final class ClientTls {
    private ClientTls() {
    }

    /** The context for {@code endpoint}. */
    public static SSLContext context(GuestEndpoint endpoint) throws IOException {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate ca;
            Certificate client;
            try (InputStream in = Files.newInputStream(endpoint.caCert())) {
                ca = x509.generateCertificate(in);
            }
            try (InputStream in = Files.newInputStream(endpoint.clientCert())) {
                client = x509.generateCertificate(in);
            }
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(endpoint.clientKey()); PEMParser pem = new PEMParser(r)) {
                key = new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(pem.readObject()));
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("client", key, new char[0], new Certificate[] {client});
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the engine's TLS material: " + e.getMessage(), e);
        }
    }
}
