package dev.dl4jlessons.exercises;

import dev.dl4jlessons.runtime.Launcher;

/** Runs {@code check} from an IDE: the exercises, in order, with hints. Arguments as for {@code course check}. */
public final class Check {
    private Check() {
    }

    /** Runs {@code course check ARGS...} and exits with its code. */
    public static void main(String[] args) {
        Launcher.lesson("check", args);
    }
}
