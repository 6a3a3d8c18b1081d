package dev.dl4jlessons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import dev.dl4jlessons.data.FashionMnist;

/**
 * A small valid Fashion-MNIST folder (3 training and 2 test images) and the ways of damaging it that the reader must
 * refuse, each with the file its error line must name and a phrase the line must hold.
 */
public final class BadFashionFiles {
    private BadFashionFiles() {
    }

    /**
     * One kind of bad input.
     *
     * @param name   what is wrong, as a test names it
     * @param file   the file the error names
     * @param damage what is done to a valid folder
     * @param phrase what the error line says
     */
    public record Case(String name, String file, Consumer<Path> damage, String phrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Writes a valid folder of the four files into {@code dir}. */
    public static Path valid(Path dir) {
        byte[] pixels = new byte[3 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        IdxFiles.images(dir.resolve(FashionMnist.TRAIN_IMAGES), 3, pixels);
        IdxFiles.labels(dir.resolve(FashionMnist.TRAIN_LABELS), new byte[] {0, 5, 9});
        IdxFiles.images(dir.resolve(FashionMnist.TEST_IMAGES), 2, Arrays.copyOf(pixels, 2 * 784));
        IdxFiles.labels(dir.resolve(FashionMnist.TEST_LABELS), new byte[] {3, 1});
        return dir;
    }

    /** Every kind of damage the reader refuses. */
    public static List<Case> cases() {
        String images = FashionMnist.TRAIN_IMAGES;
        String labels = FashionMnist.TRAIN_LABELS;
        byte[] three = new byte[3 * 784];
        return List.of(
                new Case("wrong magic", images, d -> idx(d, images, 0x00000801, new int[] {3, 28, 28}, three),
                        "wrong magic number 0x00000801; an images file starts with 0x00000803 (this looks like a "
                                + "labels file)"),
                new Case("truncated gzip", images, d -> cut(d, images, 200), "is truncated or damaged gzip data"),
                new Case("truncated pixels", images, d -> idx(d, images, 0x803, new int[] {3, 28, 28},
                        new byte[2 * 784 + 5]), "is truncated: its header declares 3 images of 784 bytes (2352 "
                                + "bytes), but the data ends after 1573 bytes"),
                new Case("truncated header", labels, d -> write(d, labels, IdxFiles.gzip(new byte[] {0, 0, 8, 1, 0})),
                        "is truncated: it ends inside the IDX header (at the label count)"),
                new Case("counts differ", labels, d -> IdxFiles.labels(d.resolve(labels), new byte[] {0, 5}),
                        "holds 2 labels, but " + images + " holds 3 images; the counts must match"),
                new Case("label 10", labels, d -> IdxFiles.labels(d.resolve(labels), new byte[] {0, 10, 9}),
                        "label 10 at item 1; labels must be 0..9"),
                new Case("huge dimension", images, d -> idx(d, images, 0x803, new int[] {3, 28, 0x7fffffff}, three),
                        "images are 28×2147483647 pixels; Fashion-MNIST's are 28×28"),
                new Case("huge count", images, d -> idx(d, images, 0x803, new int[] {-1, 28, 28}, three),
                        "declares 4294967295 images, more than the 1000000 this reader accepts"),
                new Case("not gzip", images, d -> write(d, images, IdxFiles.raw(0x803, new int[] {3, 28, 28}, three)),
                        "is not gzip-compressed"),
                new Case("empty file", images, d -> write(d, images, new byte[0]), "is empty; expected a gzip IDX file"),
                new Case("a directory", images, d -> {
                    delete(d.resolve(images));
                    mkdir(d.resolve(images));
                }, "is a folder, not a gzip IDX file"),
                new Case("a link to a device", images, d -> {
                    delete(d.resolve(images));
                    link(d.resolve(images), Path.of("/dev/zero"));
                }, "is not a regular file (a device, a pipe or a socket)"),
                new Case("a dangling link", labels, d -> {
                    delete(d.resolve(labels));
                    link(d.resolve(labels), d.resolve("nowhere"));
                }, "is a symbolic link to nothing"),
                new Case("missing labels file", FashionMnist.TEST_LABELS, d -> delete(d.resolve(FashionMnist.TEST_LABELS)),
                        "missing; install them with 'apt-get install dataset-fashion-mnist'"),
                new Case("data after the images", images, d -> idx(d, images, 0x803, new int[] {3, 28, 28},
                        new byte[3 * 784 + 1]), "has data after the 3 images of 784 bytes its header declares"),
                new Case("32x32 images", images, d -> idx(d, images, 0x803, new int[] {3, 32, 32}, new byte[3 * 1024]),
                        "images are 32×32 pixels; Fashion-MNIST's are 28×28"));
    }

    private static void idx(Path dir, String name, int magic, int[] dims, byte[] data) {
        write(dir, name, IdxFiles.gzip(IdxFiles.raw(magic, dims, data)));
    }

    private static void cut(Path dir, String name, int keep) {
        try {
            byte[] all = Files.readAllBytes(dir.resolve(name));
            write(dir, name, Arrays.copyOf(all, Math.min(keep, all.length - 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, String name, byte[] bytes) {
        IdxFiles.write(dir.resolve(name), bytes);
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
