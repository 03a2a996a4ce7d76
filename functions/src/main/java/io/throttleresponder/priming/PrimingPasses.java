package io.throttleresponder.priming;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * How many times priming walks the real path before the snapshot. One pass loads and links what a
 * notification uses, but the JIT compiles a method only once it has run often enough, so a function primed
 * once answers its first notifications after a restore mostly interpreted (docs/performance.md measures it).
 * The snapshot is of the initialized environment's memory, where the compiled code lives
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html). The passes are bounded by time because the
 * beforeCheckpoint hooks run inside the Init phase, which Lambda limits to 10 seconds
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): on a slower share of a CPU
 * fewer passes run, never a longer Init.
 *
 * @param most   the passes at most, at least 1
 * @param budget how long further passes may start after the first began; the first always runs
 */
record PrimingPasses(int most, Duration budget) {

    static final PrimingPasses ONCE = new PrimingPasses(1, Duration.ZERO);

    /** What the functions run before their snapshots: 44 to 83 passes in the benchmark, 2.2 s of priming in all. */
    static final PrimingPasses BEFORE_SNAPSHOT = new PrimingPasses(100, Duration.ofSeconds(2));

    PrimingPasses {
        if (most < 1) {
            throw new IllegalArgumentException("priming passes must be at least 1: " + most);
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("priming budget must not be negative: " + budget);
        }
    }

    /** Runs {@code pass} with 0, 1, ... while the passes and the budget last, on {@code nanoTime}'s clock; returns how many ran. */
    int run(IntConsumer pass, LongSupplier nanoTime) {
        long start = nanoTime.getAsLong();
        int passes = 0;
        do {
            pass.accept(passes);
            passes++;
        } while (passes < most && nanoTime.getAsLong() - start < budget.toNanos());
        return passes;
    }
}
