package io.framebus.cli;

import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code --stall-budget-ms MS}: how long a stage's lossless reader may hold its writer back before the
 * writer demotes it to latest, as {@code encode} and {@code sub} offer it.
 */
public final class StallBudgetOption {
    @Option(names = "--stall-budget-ms", defaultValue = "0", paramLabel = "MS",
            description = "Lossless readers: let the writer upstream demote this stage to latest when it holds the"
                    + " writer back for longer than MS (the frames it misses count as lost). 0 (default): the writer"
                    + " waits for ever.")
    long stallBudgetMs;

    /**
     * @param options how the stage attaches
     * @return them with the budget; a latest reader never holds its writer back and keeps them as they are
     * @throws IllegalArgumentException for a negative budget
     */
    public ReaderOptions apply(ReaderOptions options) {
        if (stallBudgetMs < 0) {
            throw new IllegalArgumentException("--stall-budget-ms must be >= 0, got " + stallBudgetMs);
        }
        return stallBudgetMs == 0 || options.mode() != ReaderMode.LOSSLESS ? options
                : options.withStallBudget(Duration.ofMillis(stallBudgetMs));
    }
}
