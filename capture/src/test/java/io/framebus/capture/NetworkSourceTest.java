package io.framebus.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.framebus.capture.TestSupport.PEOPLE;
import static org.junit.jupiter.api.Assertions.*;

/** Network inputs take the same avformat_open_input path as files. */
class NetworkSourceTest {

    /** Serves the bundled video over HTTP on loopback (with byte ranges, as FFmpeg seeks in MP4s). */
    private static HttpServer serve(byte[] body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/people.mp4", (HttpExchange ex) -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            if (range != null && range.startsWith("bytes=")) {
                String spec = range.substring(6);
                from = Integer.parseInt(spec.substring(0, spec.indexOf('-')));
            }
            from = Math.min(from, body.length);
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            ex.getResponseHeaders().add("Content-Type", "video/mp4");
            if (range != null) {
                ex.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            ex.sendResponseHeaders(range != null ? 206 : 200, body.length - from);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body, from, body.length - from);
            } catch (IOException e) {
                // FFmpeg closed the connection to seek: fine
            }
        });
        server.start();
        return server;
    }

    @Test
    void decodesAVideoServedOverHttpLikeTheFile() throws Exception {
        HttpServer server = serve(Files.readAllBytes(PEOPLE));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/people.mp4";
        try (FfmpegSource http = FfmpegSource.open(url);
             FfmpegSource file = FfmpegSource.open(PEOPLE);
             Arena arena = Arena.ofConfined()) {
            assertEquals(768, http.info().width());
            assertEquals(10.0, http.info().fps(), 1e-9);
            assertFalse(http.isLive(), "an HTTP file has a duration: not live, can be paced and looped");
            long bytes = http.info().frameBytes();
            MemorySegment a = arena.allocate(bytes);
            MemorySegment b = arena.allocate(bytes);
            for (int i = 0; i < 10; i++) {
                assertTrue(http.advance());
                assertTrue(file.advance());
                http.writeTo(a, http.info().stride());
                file.writeTo(b, file.info().stride());
                assertEquals(file.ptsMicros(), http.ptsMicros());
                assertEquals(-1, MemorySegment.mismatch(a, 0, bytes, b, 0, bytes), "frame " + i);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    // "try": closes the server socket early on purpose (it ends the acceptor thread);
    // the try-with-resources still closes it if an assertion fails first.
    @SuppressWarnings("try")
    void aServerThatNeverAnswersHitsTheOpenTimeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, then say nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/stream.mp4";
            CaptureException e = assertThrows(CaptureException.class, () -> FfmpegSource.open(url,
                    FfmpegOptions.defaults().withOpenTimeout(Duration.ofMillis(300))));
            assertTrue(e.getMessage().contains("open timeout of 300 ms"), e.getMessage());
            silent.close();
            acceptor.join();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
