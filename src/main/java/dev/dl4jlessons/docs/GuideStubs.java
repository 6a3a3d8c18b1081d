package dev.dl4jlessons.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.ProjectFiles;

/** Writes a guide stub, in the course's template, for every lesson that has no guide yet, and lists it in the syllabus. */
public final class GuideStubs {
    private GuideStubs() {
    }

    /** The stub of a lesson's guide: every template section, with generated code and output blocks. */
    public static String stub(Path root, Lesson lesson) {
        String className = lesson.getClass().getName();
        String source = "src/main/java/" + className.replace('.', '/') + ".java";
        String run = lesson.name();
        var sb = new StringBuilder();
        sb.append("# ").append(lesson.title()).append("\n\n");
        sb.append("**What you'll learn:** TODO: one sentence.\n\n");
        sb.append("**Prerequisites:** lessons 1–3.\n\n");
        sb.append("**Run it**\n\n| where | how |\n| --- | --- |\n");
        sb.append("| IDE | run `main` in `").append(source).append("` |\n");
        sb.append("| Maven | `mvn -q compile exec:java -Dexec.args=\"").append(run).append("\"` |\n");
        sb.append("| jar | `java -jar target/dl4j-regularization-lessons.jar ").append(run).append("` |\n\n");
        sb.append("## The concept\n\nTODO: what the technique does in training and at inference.\n\n");
        sb.append("## The DL4J code\n\n");
        if (lesson instanceof ModelLesson) {
            sb.append("<!-- code: ").append(source).append("#configuration -->\n<!-- /code -->\n\n");
        } else {
            sb.append("TODO: excerpt the interesting code with `// lesson:TAG` ... `// end:TAG` markers and a\n"
                    + "`<!-- code: ").append(source).append("#TAG -->` block.\n\n");
        }
        sb.append("## Real output\n\n<!-- output: ").append(run).append(" -->\n<!-- /output -->\n\n");
        sb.append("## What to notice\n\n- TODO\n\n## Exercises\n\n1. TODO, with a hint.\n\n");
        sb.append("## Instructor notes\n\n- **Common mistakes:** TODO\n- **Discussion:** TODO\n");
        return sb.toString();
    }

    /** Writes the missing stubs and syllabus rows; returns the files written. */
    public static List<Path> writeMissing(Path root) {
        List<Path> written = new ArrayList<>();
        Path syllabus = root.resolve("lessons/README.md");
        String rows = ProjectFiles.readText(syllabus);
        for (Lesson lesson : LessonCatalog.all()) {
            Path guide = root.resolve("lessons").resolve(lesson.guide());
            if (!Files.exists(guide)) {
                AtomicFiles.writeString(guide, stub(root, lesson));
                written.add(guide);
            }
            if (!rows.contains("(" + lesson.guide() + ")")) {
                String row = "| " + lesson.order() / 10 + " | [" + lesson.guide() + "](" + lesson.guide() + ") | `"
                        + lesson.name() + "` | " + lesson.title() + " |\n";
                rows = insertRow(rows, row);
                AtomicFiles.writeString(syllabus, rows);
                written.add(syllabus);
            }
        }
        return written;
    }

    /** Adds a row at the end of the syllabus table (the first table in the file). */
    static String insertRow(String readme, String row) {
        String[] lines = readme.split("\n", -1);
        int last = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("|")) {
                last = i;
            } else if (last >= 0) {
                break;
            }
        }
        var out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(lines[i]);
            if (i < lines.length - 1) {
                out.append('\n');
            }
            if (i == last) {
                out.append(row);
            }
        }
        return out.toString();
    }
}
