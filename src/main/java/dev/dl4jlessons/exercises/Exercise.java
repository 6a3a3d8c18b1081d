package dev.dl4jlessons.exercises;

import java.util.List;

/**
 * The check of one exercise. Subclasses in {@link dev.dl4jlessons.exercises.checks} are found without registration
 * (see {@link ExerciseCatalog}); each names the student's file, states the task in one line, and checks the compiled
 * class on tiny inputs.
 */
public abstract class Exercise {
    /** Internal-name prefixes that no solution may use: the course's own from-scratch layers. */
    public static final List<String> SCRATCH = List.of("dev/dl4jlessons/scratch/");

    private final int order;
    private final String name;
    private final String task;

    /**
     * @param order place in the sequence, 1 first
     * @param name  the student's class in package {@code exercises}, which is also its file name and the name
     *              {@code check NAME} takes
     * @param task  the task in one line
     */
    protected Exercise(int order, String name, String task) {
        this.order = order;
        this.name = name;
        this.task = task;
    }

    /** Place in the sequence, 1 first. */
    public final int order() {
        return order;
    }

    /** The student's class, e.g. {@code DropoutForward}. */
    public final String name() {
        return name;
    }

    /** The task in one line. */
    public final String task() {
        return task;
    }

    /**
     * Classes the solution must not use, as internal-name prefixes ({@code org/deeplearning4j/nn/layers/DropoutLayer}):
     * the reference implementations and DL4J's own code for the part being exercised. {@link #SCRATCH} always.
     */
    public List<String> forbidden() {
        return SCRATCH;
    }

    /** Classes the solution must use, as internal names, with the reason (e.g. a gradient check of exercise 2). */
    public List<String> required() {
        return List.of();
    }

    /**
     * Seconds the check may take before the student's code counts as hanging: about ten times what the reference
     * answer takes on a busy machine.
     */
    public long timeLimitSeconds() {
        return 30;
    }

    /**
     * Other exercises' classes replaced for a check of this one, as Java source by binary class name (for example a
     * wrong {@code exercises.DropoutBackward}, to see that the student's gradient check notices it). The checker
     * compiles them beside the student's classes; {@link Student#variant()} loads the student's class with them.
     */
    public java.util.Map<String, String> variants() {
        return java.util.Map.of();
    }

    /**
     * Checks the student's class; returns normally when it passes.
     *
     * @throws CheckFailure naming the call, expected and got values, and a hint
     */
    public abstract void check(Student student) throws CheckFailure;
}
