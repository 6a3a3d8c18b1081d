package dev.dl4jlessons.playground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;

/**
 * Where the playground finds Fashion-MNIST, and the four files read once for every page. The folder is found as the
 * {@code fashion} lesson finds it ({@link FashionMnist#locate}: {@code --fashion-dir}, else {@value FashionMnist#ENV},
 * else Debian's {@code dataset-fashion-mnist}); without the files the data is simply not offered, and the page says
 * in one line how to get it. The files are read (and every header and label checked, by {@link FashionMnist#read}) when
 * the first page asks for them, not at start: about 55 MB of bytes then stay on the heap, shared by every page.
 */
public final class PlaygroundFashion {
    /** The one line the page shows when the files are absent. */
    public static final String HOW_TO_GET = "Fashion-MNIST is not installed here: "
            + "apt-get install dataset-fashion-mnist, "
            + "or put its four .gz files in a folder and start the playground with --fashion-dir DIR (or "
            + FashionMnist.ENV + "=DIR)";

    private final Path dir;          // null when the files are absent
    private final String absentBecause;
    private final Object reading = new Object();
    private volatile FashionMnist data;       // read on first use
    private volatile InputException failure;  // a damaged file, remembered so it is read once

    private PlaygroundFashion(Path dir, String absentBecause) {
        this.dir = dir;
        this.absentBecause = absentBecause;
    }

    /**
     * The folder of the four files: {@code option} ({@code --fashion-dir}) when given, else the environment variable
     * or Debian's folder.
     *
     * @throws InputException only for a given {@code option} that is not a folder (the student asked for it); a
     *                        folder found otherwise that lacks the files makes the data absent, not an error
     */
    public static PlaygroundFashion locate(Path option) {
        if (option != null) {
            Path dir = FashionMnist.locate(option);
            String missing = missingFile(dir);
            if (missing != null) {
                throw new InputException("--fashion-dir " + Messages.path(dir) + ": " + missing);
            }
            return new PlaygroundFashion(dir, null);
        }
        Path dir;
        try {
            dir = FashionMnist.locate(null);
        } catch (InputException e) {
            return absent();
        }
        return missingFile(dir) == null ? new PlaygroundFashion(dir, null) : absent();
    }

    /** The files in {@code dir}, which must hold all four (a test's sample). */
    public static PlaygroundFashion at(Path dir) {
        String missing = missingFile(dir);
        if (missing != null) {
            throw new InputException(Messages.path(dir) + ": " + missing);
        }
        return new PlaygroundFashion(dir, null);
    }

    /** No Fashion-MNIST: the page offers the data disabled, with {@link #HOW_TO_GET}. */
    public static PlaygroundFashion absent() {
        return new PlaygroundFashion(null, HOW_TO_GET);
    }

    /** The first of the four files missing from {@code dir} (as a sentence), or null when all are regular files. */
    private static String missingFile(Path dir) {
        for (String name : FashionMnist.FILES) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                return name + " is missing; " + HOW_TO_GET;
            }
        }
        return null;
    }

    /** True when the files are there and, if already read, were sound. Never waits for a read (the event loop asks). */
    public boolean available() {
        return dir != null && failure == null;
    }

    /** Why the data is not offered (one line), or null when it is. */
    public String unavailableReason() {
        if (dir == null) {
            return absentBecause;
        }
        InputException f = failure;
        return f == null ? null : f.getMessage();
    }

    /** The folder, or null when absent. */
    public Path dir() {
        return dir;
    }

    /**
     * The data set, read on the first call.
     *
     * @throws InputException when absent, or naming the damaged file
     */
    public FashionMnist data() {
        if (dir == null) {
            throw new InputException("problem fashion: " + absentBecause);
        }
        synchronized (reading) {  // one read, however many pages ask at once
            if (failure != null) {
                throw failure;
            }
            if (data == null) {
                try {
                    data = FashionMnist.read(dir);
                } catch (InputException e) {
                    failure = new InputException("problem fashion: " + e.getMessage());
                    throw failure;
                }
            }
            return data;
        }
    }

    /**
     * Refuses settings this machine cannot train: Fashion-MNIST when absent or damaged, or more training or test
     * images than the files hold (a test's sample holds fewer than the real 60,000 and 10,000). Other problems pass.
     *
     * @throws InputException one line naming the setting
     */
    public void require(PlaygroundSettings s) {
        if (s.problem() != Problem.FASHION) {
            return;
        }
        FashionMnist images = data();
        if (s.trainRows() > images.trainRows()) {
            throw new InputException("points " + s.points() + " with trainPercent " + s.trainPercent() + ": "
                    + s.trainRows() + " training images; the Fashion-MNIST files here hold " + images.trainRows());
        }
        if (s.testRows() > images.testRows()) {
            throw new InputException("points " + s.points() + " with trainPercent " + s.trainPercent() + ": "
                    + s.testRows() + " test images; the Fashion-MNIST files here hold " + images.testRows()
                    + "; raise trainPercent or lower points");
        }
    }

    /** The class names, by label. */
    static List<String> classNames() {
        return FashionMnist.CLASS_NAMES;
    }
}
