import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Berth's Docker API socket against dockerd's own mutual-TLS endpoint in the VM, in one run: the same HTTP requests
 * on both (one client, then 50 concurrent clients, each on its own keep-alive connection, with the same hand-written
 * HTTP/1.1 code so only the path differs), and the real docker CLI copying a file into and out of a container on
 * both. Rounds alternate the order (direct, proxy, proxy, direct, ...) so drift in the VM hits both alike.
 *
 * <p>Run by benchmarks/engine-proxy.sh: {@code java EngineProxyBench.java SOCKET MACHINE_JSON TLS_DIR CONTAINER FILE
 * DOCKER_CONFIG [REQUESTS] [CLIENTS] [ROUNDS]}. It stays one file of about 350 lines so that the script runs it with
 * the source launcher and no build step.
 */
public class EngineProxyBench {
    private static Path socket;
    private static int port;
    private static SSLContext tls;
    private static Path tlsDirectory;

    public static void main(String[] args) throws Exception {
        socket = Path.of(args[0]);
        String machine = Files.readString(Path.of(args[1]));
        Matcher m = Pattern.compile("\"dockerPort\"\\s*:\\s*(\\d+)").matcher(machine);
        if (!m.find()) throw new IllegalStateException("no dockerPort in " + args[1]);
        port = Integer.parseInt(m.group(1));
        Path tlsDir = Path.of(args[2]);
        tls = tls(tlsDir);
        String container = args[3];
        Path file = Path.of(args[4]);
        Path dockerConfig = Path.of(args[5]);
        int requests = args.length > 6 ? Integer.parseInt(args[6]) : 1000;
        int clients = args.length > 7 ? Integer.parseInt(args[7]) : 50;
        int rounds = args.length > 8 ? Integer.parseInt(args[8]) : 1;

        System.out.printf(Locale.ROOT, "Berth engine proxy benchmark: socket %s vs dockerd at 127.0.0.1:%d (mutual TLS)%n", socket, port);
        System.out.printf(Locale.ROOT, "requests alternate between the paths one by one; latencies in ms%n%n");
        System.out.printf(Locale.ROOT, "%-44s %-7s %7s %8s %8s %10s%n", "scenario", "path", "n", "p50", "p99", "req/s");
        List<String> summary = new ArrayList<>();
        for (String path : List.of("/_ping", "/v1.41/containers/json")) {
            summary.add(requests(path + " x" + requests + ", 1 client", path, requests, 1, false));
        }
        for (String path : List.of("/_ping", "/v1.41/containers/json")) {
            summary.add(requests(path + " x" + requests + ", " + clients + " clients", path, requests, clients, false));
        }
        summary.add(requests("/_ping x200, new connection each", "/_ping", 200, 1, true));

        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "%n%-44s %-7s %9s %12s%n", "docker cp (docker CLI " + cliVersion(dockerConfig) + ")", "path", "seconds", "MiB/s");
        Path out = file.resolveSibling(file.getFileName() + ".out");
        String mib = (size >> 20) + " MiB";
        summary.add(copy("docker cp " + mib + " into the container", rounds, true, size, dockerConfig,
                List.of("cp", file.toString(), container + ":/tmp/bench.bin"), null));
        summary.add(copy("docker cp " + mib + " out of the container", rounds, false, size, dockerConfig,
                List.of("cp", container + ":/tmp/bench.bin", out.toString()), out));
        Files.deleteIfExists(out);

        System.out.printf(Locale.ROOT, "%nproxy / direct (latency: lower is better, 1.00 = no overhead; throughput: higher is better)%n");
        summary.forEach(System.out::println);
    }

    // ---- requests ---------------------------------------------------------------------------------------------------

    /**
     * {@code total} requests on each path, spread over {@code clients} threads; each thread holds one connection per
     * path and alternates between them request by request (swapping which goes first), so load and drift in the VM
     * fall on both paths alike. Throughput is clients / mean latency (a closed loop), per path.
     */
    private static String requests(String name, String path, int total, int clients, boolean fresh) throws Exception {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[][]>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                int offset = c;
                results.add(pool.submit(() -> {
                    long[][] lat = new long[2][share];
                    Conn[] conns = new Conn[2];
                    try {
                        if (!fresh) {
                            for (int k = 0; k < 2; k++) {
                                conns[k] = open(k == 0);
                                for (int i = 0; i < 5; i++) conns[k].exchange(request);
                            }
                        }
                        ready.countDown();
                        go.await();
                        for (int i = 0; i < share; i++) {
                            for (int j = 0; j < 2; j++) {
                                int k = (i + offset + j) % 2;
                                long t = System.nanoTime();
                                if (fresh) {
                                    try (Conn conn = open(k == 0)) {
                                        conn.exchange(request);
                                    }
                                } else {
                                    conns[k].exchange(request);
                                }
                                lat[k][i] = System.nanoTime() - t;
                            }
                        }
                    } finally {
                        for (Conn conn : conns) if (conn != null) conn.close();
                    }
                    return lat;
                }));
            }
            ready.await();
            go.countDown();
            List<Long> direct = new ArrayList<>(total);
            List<Long> proxy = new ArrayList<>(total);
            for (Future<long[][]> f : results) {
                long[][] lat = f.get(30, TimeUnit.MINUTES);
                for (long l : lat[0]) direct.add(l);
                for (long l : lat[1]) proxy.add(l);
            }
            double dThr = clients / (mean(direct) / 1e9);
            double pThr = clients / (mean(proxy) / 1e9);
            print(name, "direct", direct, dThr);
            print("", "proxy", proxy, pThr);
            return String.format(Locale.ROOT, "  %-44s p50 %.2f  p99 %.2f  req/s %.2f  (p50 %+.1f%%, %+.2f ms)", name,
                    pct(proxy, 50) / pct(direct, 50), pct(proxy, 99) / pct(direct, 99), pThr / dThr,
                    (pct(proxy, 50) / pct(direct, 50) - 1) * 100, (pct(proxy, 50) - pct(direct, 50)) / 1e6);
        }
    }

    private static void print(String name, String path, List<Long> samples, double throughput) {
        System.out.printf(Locale.ROOT, "%-44s %-7s %7d %8.2f %8.2f %10.1f%n", name, path, samples.size(), pct(samples, 50) / 1e6,
                pct(samples, 99) / 1e6, throughput);
    }

    private static double mean(List<Long> samples) {
        return samples.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    private static double pct(List<Long> samples, int p) {
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /** One keep-alive HTTP/1.1 connection, on the Unix socket or on TLS. */
    private static final class Conn implements AutoCloseable {
        private final AutoCloseable closer;
        private final InputStream in;
        private final OutputStream out;

        Conn(AutoCloseable closer, InputStream in, OutputStream out) {
            this.closer = closer;
            this.in = new BufferedInputStream(in, 64 * 1024);
            this.out = new BufferedOutputStream(out, 16 * 1024);
        }

        void exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int status = readAnswer(in);
            if (status != 200) throw new IOException("HTTP " + status);
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    private static Conn open(boolean direct) throws IOException {
        if (direct) {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
            s.setTcpNoDelay(true);
            s.startHandshake();
            return new Conn(s, s.getInputStream(), s.getOutputStream());
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new Conn(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    /** Reads one answer and returns its status; the body is read and dropped. */
    private static int readAnswer(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        if (chunked) {
            for (long n = Long.parseLong(line(in).split(";")[0].strip(), 16); n > 0; n = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
                skip(in, n);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) throw new EOFException();
                k = 1;
            }
            n -= k;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    // ---- docker cp --------------------------------------------------------------------------------------------------

    /** Copies {@code rounds} times on each path, alternating which goes first (starting with direct when asked). */
    private static String copy(String name, int rounds, boolean directFirstInRoundOne, long size, Path dockerConfig, List<String> args,
            Path produced) throws Exception {
        double directSeconds = 0;
        double proxySeconds = 0;
        for (int r = 0; r < rounds; r++) {
            boolean directFirst = (r % 2 == 0) == directFirstInRoundOne;
            for (int leg = 0; leg < 2; leg++) {
                boolean isDirect = (leg == 0) == directFirst;
                if (produced != null) Files.deleteIfExists(produced);
                long t0 = System.nanoTime();
                docker(isDirect, dockerConfig, args);
                double s = (System.nanoTime() - t0) / 1e9;
                if (produced != null && Files.size(produced) != size) {
                    throw new IllegalStateException(produced + " has " + Files.size(produced) + " bytes, not " + size);
                }
                System.out.printf(Locale.ROOT, "%-44s %-7s %9.2f %12.1f%n", r == 0 && leg == 0 ? name : "", isDirect ? "direct" : "proxy",
                        s, size / 1048576.0 / s);
                if (isDirect) directSeconds += s;
                else proxySeconds += s;
            }
        }
        double d = size / 1048576.0 / (directSeconds / rounds);
        double p = size / 1048576.0 / (proxySeconds / rounds);
        if (rounds > 1) {
            System.out.printf(Locale.ROOT, "%-44s %-7s %9.2f %12.1f%n%-44s %-7s %9.2f %12.1f%n", "  mean", "direct", directSeconds / rounds, d,
                    "", "proxy", proxySeconds / rounds, p);
        }
        return String.format(Locale.ROOT, "  %-44s throughput %.2f (%.1f vs %.1f MiB/s)", name, p / d, p, d);
    }

    private static String cliVersion(Path dockerConfig) throws Exception {
        return docker(false, dockerConfig, List.of("version", "--format", "{{.Client.Version}}")).strip();
    }

    private static String docker(boolean direct, Path dockerConfig, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("DOCKER_CONTEXT");
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        if (direct) {
            env.put("DOCKER_HOST", "tcp://127.0.0.1:" + port);
            env.put("DOCKER_TLS_VERIFY", "1");
            env.put("DOCKER_CERT_PATH", tlsDirectory.toString());
        } else {
            env.put("DOCKER_HOST", "unix://" + socket);
            env.remove("DOCKER_TLS_VERIFY");
            env.remove("DOCKER_CERT_PATH");
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        return output;
    }

    // ---- TLS --------------------------------------------------------------------------------------------------------

    private static SSLContext tls(Path dir) throws Exception {
        tlsDirectory = dir;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("ca.pem"))))) {
            trust.setCertificateEntry("ca" + i++, c);
        }
        Certificate[] chain = cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cert.pem"))))
                .toArray(Certificate[]::new);
        String pem = Files.readString(dir.resolve("key.pem"));
        if (!pem.contains("BEGIN PRIVATE KEY")) throw new IllegalStateException("key.pem is not PKCS#8");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] pw = "bench".toCharArray();
        keys.setKeyEntry("client", key, pw, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        Arrays.fill(pw, ' ');
        return ctx;
    }
}
