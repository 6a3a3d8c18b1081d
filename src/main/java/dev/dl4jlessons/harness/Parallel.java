package dev.dl4jlessons.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent training jobs on a fixed pool of daemon threads and returns their results in job order. Each job
 * builds its own network, split and iterator, so the results do not depend on the order or the number of threads.
 * Shared by the lab and the capacity lesson.
 */
public final class Parallel {
    private Parallel() {
    }

    /** Called as jobs finish, from the worker threads. */
    public interface Progress<R> {
        /** Called once per finished job. */
        void finished(int done, int total, R result);
    }

    /**
     * Applies {@code work} to every job on {@code threads} threads.
     *
     * @throws RuntimeException the first failed job's exception (or error), unwrapped
     */
    public static <J, R> List<R> map(List<J> jobs, int threads, Function<J, R> work, Progress<R> progress) {
        var pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "training-worker");
            t.setDaemon(true);
            return t;
        });
        var done = new AtomicInteger();
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (J job : jobs) {
                futures.add(pool.submit(() -> {
                    R result = work.apply(job);
                    progress.finished(done.incrementAndGet(), jobs.size(), result);
                    return result;
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error; // an OutOfMemoryError reaches the launcher as itself
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
