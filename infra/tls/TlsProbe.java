import java.io.FileInputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS handshake probe with the JDK's own TLS stack, as a Kafka Java client does it: a server on 127.0.0.1 serves
 * the broker keystore; a client that trusts only the given truststore connects to {@code host} with endpoint
 * identification "HTTPS" (Kafka's default ssl.endpoint.identification.algorithm). Prints the outcome; exit 0 when
 * the handshake succeeded, 1 when it was refused.
 * Usage: java TlsProbe.java KEYSTORE.p12 KEYSTORE_PASSWORD TRUSTSTORE.p12 TRUSTSTORE_PASSWORD HOST
 */
public class TlsProbe {
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: TlsProbe KEYSTORE.p12 KEYSTORE_PASSWORD TRUSTSTORE.p12 TRUSTSTORE_PASSWORD HOST");
            System.exit(2);
        }
        SSLContext serverContext = serverContext(args[0], args[1].toCharArray());
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> serveOnce(server), "tls-probe-server");
            acceptor.setDaemon(true);
            acceptor.start();
            SSLContext clientContext = clientContext(args[2], args[3].toCharArray());
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(args[4], server.getLocalPort())) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                System.out.println("HANDSHAKE OK " + client.getSession().getProtocol() + " peer="
                        + client.getSession().getPeerPrincipal().getName());
            } catch (javax.net.ssl.SSLException refused) {
                System.out.println("HANDSHAKE REFUSED " + refused.getMessage());
                System.exit(1);
            }
        }
    }

    private static void serveOnce(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
        } catch (Exception ignoredOnTheServerSide) {
            // the client reports the outcome
        }
    }

    private static SSLContext serverContext(String keystore, char[] password) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(String truststore, char[] password) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore, password));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(String path, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }
}
