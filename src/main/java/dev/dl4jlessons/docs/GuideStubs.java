package dev.dl4jlessons.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.ProjectFiles;

/** A guide stub, in the course's template, for every lesson that has no guide yet, and its row in the syllabus. */
public final class GuideStubs {
    /** The placeholder every stub section starts with; a guide that still holds it is not finished. */
    static final String TODO = "TODO";

    private GuideStubs() {
    }

    /** The stub of a lesson's guide: every template section, with generated code and output blocks. */
    public static String stub(Path root, Lesson lesson) {
        String className = lesson.getClass().getName();
        String source = "src/main/java/" + className.replace('.', '/') + ".java";
        String run = lesson.name();
        var sb = new StringBuilder();
        // the same heading as every other guide: "# Lesson 8 · Gaussian dropout: ..."
        sb.append("# Lesson ").append(lesson.order() / 10).append(" · ").append(lesson.title()).append("\n\n");
        sb.append("**What you'll learn:** TODO: one sentence.\n\n");
        sb.append("**Prerequisites:** lessons 1–3.\n\n");
        sb.append("**Run it**\n\n| where | how |\n| --- | --- |\n");
        sb.append("| IDE | run `main` in `").append(source).append("` |\n");
        sb.append("| terminal | `./course ").append(run).append("` |\n\n");
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

    /**
     * {@code guides} (file to text) with a stub added for every lesson that has no guide, and a syllabus row in
     * {@code lessons/README.md} for every lesson it does not link yet. Nothing is written here.
     */
    public static Map<Path, String> withStubs(Path root, Map<Path, String> guides) {
        var result = new LinkedHashMap<>(guides);
        Path syllabus = root.resolve("lessons/README.md");
        String rows = result.containsKey(syllabus) ? result.get(syllabus) : ProjectFiles.readText(syllabus);
        for (Lesson lesson : LessonCatalog.all()) {
            Path guide = root.resolve("lessons").resolve(lesson.guide());
            if (!result.containsKey(guide) && !Files.exists(guide)) {
                result.put(guide, stub(root, lesson));
            }
            if (!rows.contains("(" + lesson.guide() + ")")) {
                rows = insertRow(rows, "| " + lesson.order() / 10 + " | [" + lesson.guide() + "](" + lesson.guide()
                        + ") | `" + lesson.name() + "` | " + lesson.title() + " |\n");
            }
        }
        result.put(syllabus, rows);
        return result;
    }

    /** True when a guide still holds the stub's placeholders, which the instructor must replace. */
    public static boolean unfinished(String guide) {
        return guide.contains(TODO);
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
