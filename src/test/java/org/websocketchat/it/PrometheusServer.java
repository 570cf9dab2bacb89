package org.websocketchat.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Assumptions;

/**
 * One real Prometheus, the one Debian's {@code prometheus} package installs, scraping one metrics
 * endpoint of the server under test as the job {@code chat}, so tests can check that what the
 * server exposes is what Prometheus reads, with PromQL. It listens on a free loopback port and
 * keeps its configuration, data and log in a temporary directory of its own. Where it is not
 * installed, the test that asks for it is skipped, and says why.
 */
final class PrometheusServer implements AutoCloseable {

    private static final File PROMETHEUS = new File("/usr/bin/prometheus");
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final String JOB = "chat";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private final Process process;
    private final URI base;
    private final Path directory;

    private PrometheusServer(Process process, URI base, Path directory) {
        this.process = process;
        this.base = base;
        this.directory = directory;
    }

    /** A Prometheus that scrapes {@code metricsTarget} (an http URL) every {@code scrapeInterval}, once it is ready. */
    static PrometheusServer start(URI metricsTarget, Duration scrapeInterval) throws InterruptedException {
        Assumptions.assumeTrue(PROMETHEUS.canExecute(),
                "Prometheus tests skipped: no /usr/bin/prometheus here (Debian: apt-get install prometheus)");
        if (!"http".equals(metricsTarget.getScheme()) || metricsTarget.getPort() < 0
                || metricsTarget.getRawQuery() != null) {
            throw new IllegalArgumentException("want http://host:port/path, got " + metricsTarget);
        }
        try {
            Path directory = Files.createTempDirectory(TMP, "prometheus-");
            // Prometheus's durations have no fractions, so milliseconds keep any interval exact.
            String interval = scrapeInterval.toMillis() + "ms";
            Path config = Files.writeString(directory.resolve("prometheus.yml"), String.join("\n",
                    "scrape_configs:",
                    "  - job_name: " + JOB,
                    "    scrape_interval: " + interval,
                    "    scrape_timeout: " + interval,
                    "    scheme: http",
                    "    metrics_path: '" + metricsTarget.getRawPath().replace("'", "''") + "'",
                    "    static_configs:",
                    "      - targets: ['" + metricsTarget.getHost() + ":" + metricsTarget.getPort() + "']",
                    ""));
            String listen = "127.0.0.1:" + freePort();
            Path log = directory.resolve("prometheus.log");
            Process process = new ProcessBuilder(PROMETHEUS.getPath(), "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=" + listen,
                    "--web.enable-lifecycle")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, URI.create("http://" + listen + "/"), directory);
            server.awaitReady(log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of an instant query's first result, or NaN when the result is empty. */
    double query(String promql) {
        JsonObject data = api("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonArray sample = switch (data.getString("resultType")) {
            case "vector" -> data.getJsonArray("result").isEmpty() ? null
                    : data.getJsonArray("result").getJsonObject(0).getJsonArray("value");
            case "scalar" -> data.getJsonArray("result");
            default -> throw new AssertionError("query " + promql + " gave no vector or scalar: " + data);
        };
        // Prometheus spells the infinities +Inf and -Inf, which Java does not read.
        return sample == null ? Double.NaN : Double.parseDouble(sample.getString(1).replace("Inf", "Infinity"));
    }

    /**
     * Waits until Prometheus has scraped the target successfully; fails with its last scrape error
     * otherwise. Prometheus 2.42 takes up a new target only every 5 s, so allow at least 10 s.
     */
    void awaitTargetUp(Duration timeout) throws InterruptedException {
        // The last answer, shown on failure, is the target with its lastError, or null before discovery.
        Poll.until("target " + JOB + " up", timeout, this::target, t -> t != null && "up".equals(t.getString("health")));
    }

    /** Queries until the value satisfies {@code condition} and returns it; fails after {@code timeout} with the last. */
    double await(String promql, DoublePredicate condition, Duration timeout) throws InterruptedException {
        return Poll.until("query " + promql, timeout, () -> query(promql), condition::test);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Path log) throws InterruptedException {
        // A process that has exited will never be ready, so waiting on stops there.
        String why;
        try {
            why = Poll.until("Prometheus ready", READY_TIMEOUT, this::ready, ready -> ready || !process.isAlive()) ? null : "exited";
        } catch (AssertionError notReady) {
            why = "not ready within " + READY_TIMEOUT;
        }
        if (why != null) {
            close();
            throw new IllegalStateException("Prometheus " + why + "; its log ends:\n" + tail(log));
        }
    }

    private boolean ready() {
        // Refused before the listener is up, 503 while the TSDB opens.
        try {
            return get("-/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private JsonObject target() {
        return api("api/v1/targets?state=active").getJsonArray("activeTargets").stream().map(JsonValue::asJsonObject)
                .filter(t -> JOB.equals(t.getString("scrapePool"))).findFirst().orElse(null);
    }

    private JsonObject api(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        JsonObject answer = ChatClient.parse(response.body());
        if (!"success".equals(answer.getString("status", null))) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + answer);
        }
        return answer.getJsonObject("data");
    }

    private HttpResponse<String> get(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
