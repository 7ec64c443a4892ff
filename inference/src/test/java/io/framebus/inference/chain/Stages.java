package io.framebus.inference.chain;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Runs a stage on a thread of its own, as its own process would. */
final class Stages {
    private Stages() {
    }

    static <T> CompletableFuture<T> start(String name, Supplier<T> stage) {
        return CompletableFuture.supplyAsync(stage, runnable -> Thread.ofPlatform().name(name).start(runnable));
    }
}
