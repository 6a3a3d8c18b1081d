package dev.dl4jlessons.lessons;

/**
 * One line of the syllabus, as {@code --list} prints it and {@code lessons/README.md} tabulates it: a lesson, or a
 * command that has a guide of its own but takes its own options (the lab, the parity check).
 *
 * @param name  what to type after the launcher, e.g. {@code dropout} or {@code parity DIR}
 * @param title one line describing it
 * @param order position in the syllabus; {@code order / 10} is the guide's number
 * @param guide file name of the guide in {@code lessons/}
 */
public record SyllabusEntry(String name, String title, int order, String guide) {
    /** The guide's number, e.g. 8 for {@code 08-gaussian-dropout.md}. */
    public int number() {
        return order / 10;
    }

    static SyllabusEntry of(Lesson lesson) {
        return new SyllabusEntry(lesson.name(), lesson.title(), lesson.order(), lesson.guide());
    }
}
