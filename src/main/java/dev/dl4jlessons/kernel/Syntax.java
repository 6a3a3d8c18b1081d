package dev.dl4jlessons.kernel;

import java.net.URI;
import java.util.List;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.util.JavacTask;

/**
 * Whether JShell snippets parse as Java, for is_complete: javac's parser alone (no types, no class path), tried on
 * each snippet as a statement, an expression, a class member and an import.
 */
final class Syntax {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private Syntax() {
    }

    /** True when every snippet parses in at least one of the places a JShell snippet can stand. */
    static boolean parses(List<String> snippets) {
        for (String snippet : snippets) {
            boolean any = false;
            for (String wrapped : List.of("class S { void m() throws Throwable {\n" + snippet + "\n;} }",
                    "class S { Object o = (\n" + snippet.strip().replaceAll(";\\s*$", "") + "\n); }",
                    "class S {\n" + snippet + "\n}", snippet + "\nclass S { }")) {
                if (clean(wrapped)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean clean(String source) {
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        var file = new SimpleJavaFileObject(URI.create("string:///S.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            var task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
            task.parse();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR);
    }
}
