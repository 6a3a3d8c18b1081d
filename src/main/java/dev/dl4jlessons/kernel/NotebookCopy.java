package dev.dl4jlessons.kernel;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.OutputException;

/**
 * The student's own copy of the notebook, which {@code notebook --open} opens in Jupyter. The committed notebook is
 * generated from the code ({@code notebook --check} fails once Jupyter has saved into it), so the student edits and
 * runs a copy beside it, which git ignores, and the copy is never overwritten: an existing one is opened as it is.
 *
 * <p>The copy sits in the same folder as the generated notebook, so its relative links to the guides resolve the same
 * way, and Jupyter's server is started at the repository root, so that they resolve inside the server too. Its
 * pictures are attachments of its cells, so they show wherever it is opened.
 */
public final class NotebookCopy {
    /** The generated notebook, relative to the repository root. */
    public static final String GENERATED = "notebooks-equivalent/regularization.ipynb";
    /** The student's copy, relative to the repository root; {@code .gitignore} lists it. */
    public static final String COPY = "notebooks-equivalent/my-regularization.ipynb";

    private NotebookCopy() {
    }

    /**
     * The copy, made now or found.
     *
     * @param file    the copy
     * @param created true when it was copied from the generated notebook just now
     */
    public record Copy(Path file, boolean created) {
        /** One line for the student: what was done, and which file to edit. */
        public String message() {
            return created ? "Copied " + GENERATED + " to " + COPY + ", your own copy (git ignores it): edit and run "
                    + "that one; the next --open opens it again as you left it."
                    : "Opening your copy " + COPY + " as you left it (it is never overwritten; to start again from "
                            + "the course's notebook, rename or delete it).";
        }
    }

    /**
     * Makes sure the student's copy exists under {@code root}: the generated notebook is copied there when there is
     * no copy yet; an existing copy is left exactly as it is.
     *
     * @throws OutputException when something other than a regular file stands under the copy's name (a link, a
     *                         folder), which is left as it is, or when the copy cannot be written
     * @throws InputException  when the generated notebook is missing
     */
    public static Copy prepare(Path root) {
        Path generated = root.resolve(GENERATED);
        Path copy = root.resolve(COPY);
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            requireRegularFile(copy);
            return new Copy(copy, false);
        }
        if (!Files.isRegularFile(generated, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(Messages.path(generated) + ": the course's notebook is missing (git checkout "
                    + GENERATED + " brings it back)");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(copy.getParent(), "." + copy.getFileName() + ".", ".tmp");
            Files.write(tmp, Files.readAllBytes(generated));
            // no REPLACE_EXISTING: a copy that appeared meanwhile is the student's, and stays
            Files.move(tmp, copy);
            tmp = null;
            return new Copy(copy, true);
        } catch (FileAlreadyExistsException e) {
            requireRegularFile(copy);
            return new Copy(copy, false);
        } catch (IOException e) {
            throw new OutputException(Messages.path(copy) + ": could not be written: " + Messages.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a temporary file we made; nothing else to do
                }
            }
        }
    }

    private static void requireRegularFile(Path copy) {
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(Messages.path(copy) + ": " + (Files.isSymbolicLink(copy) ? "a symbolic link"
                    : "something other than a file") + " stands where your copy of the notebook goes; left as it is "
                    + "(move it away, then run notebook --open again)", null);
        }
    }

    /**
     * The command that starts Jupyter's notebook server on the copy: the server's root is the repository, so the
     * copy's links to the guides resolve, and the browser opens the copy.
     *
     * @param asRoot add {@code --allow-root}, without which the server refuses to run as root (a container)
     */
    public static List<String> jupyter(Path root, Path copy, boolean asRoot) {
        List<String> command = new ArrayList<>(List.of("jupyter", "notebook", "--notebook-dir=" + root));
        if (asRoot) {
            command.add("--allow-root");
        }
        command.add(copy.toString());
        return command;
    }
}
