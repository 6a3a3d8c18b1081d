package dev.dl4jlessons.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import javax.lang.model.element.Name;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;

/**
 * The Javadoc of course and library names, read from their sources. JShell's documentation finds sources only in the
 * JDK's {@code lib/src.zip}, so for the course's classes and DL4J's it gives the signature alone. This class looks
 * the name that a JShell signature gives up in a source path of its own: the course's {@code src/main/java}, and for
 * each jar on the class path the {@code -sources.jar} beside it, or, for the jar build's {@code lib/} copies, the one
 * in the local Maven repository ({@code mvn dependency:sources} downloads them). Sources are only parsed, never
 * compiled, and nothing they say is run.
 */
final class SourceDocs {
    /** A Maven coordinate part, as {@code pom.properties} may name it; anything else is not used to make a path. */
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final List<Path> roots;
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private StandardJavaFileManager files;

    /** Docs from {@code roots}: source folders and source jars. */
    SourceDocs(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The source roots in use. */
    List<Path> roots() {
        return roots;
    }

    /**
     * The sources of a class path: {@code courseHome/src/main/java} when it is a folder, then each jar's sources jar
     * (beside it, else in {@code mavenRepository} by the jar's own {@code pom.properties}), when it is a file.
     */
    static SourceDocs of(List<String> classPath, Path courseHome, Path mavenRepository) {
        Set<Path> roots = new LinkedHashSet<>();
        if (courseHome != null) {
            Path sources = courseHome.resolve("src").resolve("main").resolve("java");
            if (Files.isDirectory(sources, LinkOption.NOFOLLOW_LINKS)) {
                roots.add(sources);
            }
        }
        for (String entry : classPath) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            String name = jar.getFileName().toString();
            Path beside = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-sources.jar");
            if (Files.isRegularFile(beside, LinkOption.NOFOLLOW_LINKS)) {
                roots.add(beside);
                continue;
            }
            Path inRepository = inRepository(jar, mavenRepository);
            if (inRepository != null) {
                roots.add(inRepository);
            }
        }
        return new SourceDocs(new ArrayList<>(roots));
    }

    /** The sources jar of {@code jar} in a Maven repository, by the coordinates the jar records; or null. */
    static Path inRepository(Path jar, Path repository) {
        if (repository == null || !Files.isDirectory(repository) || !Files.isRegularFile(jar)) {
            return null;
        }
        Properties coordinates = null;
        try (var file = new java.util.jar.JarFile(jar.toFile())) {
            var entries = file.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                    && e.getName().endsWith("/pom.properties")).toList();
            if (entries.size() != 1) {
                return null; // a shaded jar records several: which one it is cannot be told
            }
            coordinates = new Properties();
            try (InputStream in = file.getInputStream(entries.get(0))) {
                coordinates.load(in);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String group = coordinates.getProperty("groupId", "");
        String artifact = coordinates.getProperty("artifactId", "");
        String version = coordinates.getProperty("version", "");
        for (String part : List.of(group, artifact, version)) {
            if (!COORDINATE.matcher(part).matches() || part.contains("..")) {
                return null;
            }
        }
        if (!jar.getFileName().toString().startsWith(artifact + "-" + version)) {
            return null; // the jar is not the artifact it records
        }
        Path found = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "-sources.jar");
        return Files.isRegularFile(found, LinkOption.NOFOLLOW_LINKS) ? found : null;
    }

    /** What a JShell signature names: the class, and the member in it (null for the class itself). */
    record Target(String owner, String member, List<String> parameters) {
    }

    /**
     * Reads a JShell documentation signature: a type ({@code a.b.C<T>}), a field ({@code a.b.C.f:type}), an enum
     * constant ({@code a.b.C.K}), a method ({@code R a.b.C.m(T x, U y) throws E}) or a constructor
     * ({@code a.b.C(T x)}). An enum constant reads as a type here; {@link #javadoc} tries both.
     */
    static Target parse(String signature) {
        String s = signature.strip();
        int open = s.indexOf('(');
        if (open < 0) {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                String name = withoutTypeArguments(s.substring(0, colon)).strip();
                int dot = name.lastIndexOf('.');
                return dot < 0 ? null : new Target(name.substring(0, dot), name.substring(dot + 1), null);
            }
            return new Target(withoutTypeArguments(s).strip(), null, null);
        }
        int close = s.lastIndexOf(')');
        if (close < open) {
            return null;
        }
        String head = withoutTypeArguments(s.substring(0, open)).strip();
        String[] words = head.split("\\s+");
        String name = words[words.length - 1];
        List<String> parameters = new ArrayList<>();
        for (String parameter : splitTopLevel(s.substring(open + 1, close))) {
            String type = withoutTypeArguments(parameter).strip().split("\\s+")[0];
            if (!type.isEmpty()) {
                parameters.add(simpleType(type));
            }
        }
        if (words.length == 1) { // no return type: a constructor
            return new Target(name, "<init>", parameters);
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : new Target(name.substring(0, dot), name.substring(dot + 1), parameters);
    }

    /**
     * The Javadoc of what {@code signature} names, found in the source roots, or null.
     *
     * @param packages packages the notebook imported on demand, and single-type imports as {@code a.b.C}: a name
     *                 JShell printed without its package is looked for in them (and in {@code java.lang})
     */
    synchronized String javadoc(String signature, List<String> packages) {
        Target target = parse(signature);
        if (target == null || roots.isEmpty()) {
            return null;
        }
        String found = find(target, packages);
        if (found == null && target.member() == null) {
            int dot = target.owner().lastIndexOf('.');
            if (dot > 0) { // an enum constant
                found = find(new Target(target.owner().substring(0, dot), target.owner().substring(dot + 1), null),
                        packages);
            }
        }
        return found;
    }

    private String find(Target target, List<String> imports) {
        for (String owner : candidates(target.owner(), imports)) {
            String[] parts = owner.split("\\.");
            for (int top = 0; top < parts.length; top++) {
                String binary = String.join(".", java.util.Arrays.copyOfRange(parts, 0, top + 1));
                JavaFileObject source = source(binary);
                if (source == null) {
                    continue;
                }
                List<String> nesting = List.of(parts).subList(top, parts.length);
                String doc = docIn(source, nesting, target);
                if (doc != null) {
                    return doc;
                }
            }
        }
        return null;
    }

    /** The qualified names a printed name may stand for: itself, then in {@code java.lang} and the imports. */
    private static List<String> candidates(String owner, List<String> imports) {
        Set<String> names = new LinkedHashSet<>();
        names.add(owner);
        String first = owner.contains(".") ? owner.substring(0, owner.indexOf('.')) : owner;
        if (Character.isUpperCase(first.charAt(0))) {
            names.add("java.lang." + owner);
            for (String imported : imports) {
                if (imported.endsWith("." + first)) {
                    names.add(imported.substring(0, imported.length() - first.length()) + owner);
                } else {
                    names.add(imported + "." + owner);
                }
            }
        }
        return new ArrayList<>(names);
    }

    private JavaFileObject source(String binaryName) {
        try {
            if (files == null) {
                files = compiler.getStandardFileManager(null, java.util.Locale.ROOT, null);
                files.setLocationFromPaths(StandardLocation.SOURCE_PATH, roots);
            }
            return files.getJavaFileForInput(StandardLocation.SOURCE_PATH, binaryName, JavaFileObject.Kind.SOURCE);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The doc comment of the class {@code nesting} (outer to inner) in {@code source}, or of its member. */
    private String docIn(JavaFileObject source, List<String> nesting, Target target) {
        JavacTask task = (JavacTask) compiler.getTask(null, files, d -> { }, List.of("-proc:none"), null,
                List.of(source));
        Iterable<? extends CompilationUnitTree> units;
        try {
            units = task.parse();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Trees trees = Trees.instance(task);
        for (CompilationUnitTree unit : units) {
            List<? extends Tree> level = unit.getTypeDecls();
            TreePath path = new TreePath(unit);
            ClassTree found = null;
            for (String name : nesting) {
                found = null;
                for (Tree tree : level) {
                    if (tree instanceof ClassTree c && c.getSimpleName().contentEquals(name)) {
                        found = c;
                        break;
                    }
                }
                if (found == null) {
                    break;
                }
                path = new TreePath(path, found);
                level = found.getMembers();
            }
            if (found == null) {
                continue;
            }
            if (target.member() == null) {
                return trees.getDocComment(path);
            }
            TreePath member = member(path, found, target);
            if (member != null) {
                return trees.getDocComment(member);
            }
        }
        return null;
    }

    /** The member of {@code type} that the target names: parameter types first, then the count, then the name. */
    private static TreePath member(TreePath typePath, ClassTree type, Target target) {
        List<TreePath> byName = new ArrayList<>();
        for (Tree tree : type.getMembers()) {
            Name name = tree instanceof MethodTree m ? m.getName()
                    : tree instanceof VariableTree v ? v.getName() : null;
            if (name != null && name.contentEquals(target.member())
                    && (target.parameters() == null) == (tree instanceof VariableTree)) {
                byName.add(new TreePath(typePath, tree));
            }
        }
        if (target.parameters() == null || byName.isEmpty()) {
            return byName.isEmpty() ? null : byName.get(0);
        }
        TreePath sameCount = null;
        for (TreePath path : byName) {
            List<? extends VariableTree> parameters = ((MethodTree) path.getLeaf()).getParameters();
            if (parameters.size() != target.parameters().size()) {
                continue;
            }
            sameCount = sameCount == null ? path : sameCount;
            List<String> types = parameters.stream().map(p -> simpleType(withoutTypeArguments(
                    p.getType().toString()).strip())).toList();
            if (types.equals(target.parameters())) {
                return path;
            }
        }
        return sameCount != null ? sameCount : byName.get(0);
    }

    /** A type's simple name with its array brackets: {@code java.lang.Object...} is {@code Object[]}. */
    static String simpleType(String type) {
        String t = type.replace("...", "[]").replaceAll("\\s+", "");
        int dot = t.lastIndexOf('.');
        return dot < 0 ? t : t.substring(dot + 1);
    }

    /** Text without its {@code <...>} parts, nested ones included. */
    static String withoutTypeArguments(String text) {
        var out = new StringBuilder();
        int depth = 0;
        for (char ch : text.toCharArray()) {
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Parameters split at the commas outside {@code <...>}. */
    private static List<String> splitTopLevel(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char ch = parameters.charAt(i);
            if (ch == '<') {
                depth++;
            } else if (ch == '>') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(parameters.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(parameters.substring(start));
        return parts;
    }

    /** The summary of a Javadoc: its first sentence, as the Javadoc tool takes it. */
    static String summary(String javadoc) {
        String body = javadoc.strip();
        var tags = Pattern.compile("(^|\n)\\s*@[a-zA-Z]").matcher(body);
        if (tags.find()) {
            body = body.substring(0, tags.start());
        }
        var sentence = Pattern.compile("\\.(\\s|$)|\\n\\s*\\n|<p>", Pattern.CASE_INSENSITIVE)
                .matcher(body);
        String first = sentence.find() ? body.substring(0, sentence.start() + (body.charAt(sentence.start()) == '.'
                ? 1 : 0)) : body;
        return first.replaceAll("\\s+", " ").strip();
    }
}
