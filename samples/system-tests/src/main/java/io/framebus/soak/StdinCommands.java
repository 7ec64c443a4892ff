package io.framebus.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands a soak child receives from its parent on stdin, one word per line. End of input means the
 * parent is gone: the child must wind down rather than live on as an orphan.
 */
final class StdinCommands {
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private volatile boolean parentGone;

    StdinCommands() {
        Thread.ofPlatform().daemon().name("stdin-commands").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line.trim());
                }
            } catch (IOException e) {
                // treated as end of input
            }
            parentGone = true;
        });
    }

    boolean has(String command) {
        return received.contains(command);
    }

    boolean parentGone() {
        return parentGone;
    }
}
