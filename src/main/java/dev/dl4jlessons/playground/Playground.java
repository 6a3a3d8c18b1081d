package dev.dl4jlessons.playground;

import dev.dl4jlessons.runtime.Launcher;

/**
 * Runs {@code course playground} from an IDE: the same as {@code java -jar target/dl4j-regularization-lessons.jar
 * playground} with these arguments (e.g. {@code --port 0}).
 */
public final class Playground {
    private Playground() {
    }

    /** Starts the playground and serves until the process is stopped. */
    public static void main(String[] args) {
        Launcher.lesson("playground", args);
    }
}
