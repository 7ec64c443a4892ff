package io.framebus.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.framebus.cli.DirOption;
import io.framebus.metrics.DirectoryMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code framebus exporter --port N}: serves {@code /metrics} for every channel of a directory. */
@Command(name = "exporter", sortOptions = false,
        description = {"Serve the counters of every channel of a directory as Prometheus metrics on"
                + " http://BIND:PORT/metrics, out of process: each scrape reads the channel files once, without"
                + " attaching, like 'framebus inspect'.",
            "Runs until stopped (Ctrl-C, SIGTERM)."})
final class ExporterCommand implements Callable<Integer> {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "N",
            description = "TCP port to listen on (0: any free port, printed on stderr).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Mixin
    DirOption dir;

    private PrometheusMeterRegistry registry;
    private DirectoryMeters channels;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        channels = new DirectoryMeters(registry, dir.dir());
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/metrics", this::metrics);
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                "framebus exporter: the metrics are at /metrics\n"));
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop(0);
            stopped.countDown();
        }));
        PrintWriter err = spec.commandLine().getErr();
        err.println("framebus: serving http://" + bind + ":" + server.getAddress().getPort() + "/metrics for the"
                + " channels in " + (dir.dir() != null ? dir.dir() : "the search path"));
        err.flush();
        stopped.await();
        return 0;
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
            return;
        }
        String body;
        synchronized (this) { // one reading per scrape, and the meters it registers, one scrape at a time
            channels.refresh();
            body = registry.scrape();
        }
        respond(exchange, 200, TEXT_FORMAT, body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
