package org.unet4j.experiments.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Creates a run's output directory and names what went wrong in words when it cannot: the directory and the
 * reason the file system gave ({@code cannot create the output directory /proc/x: no such file or directory}), not
 * the bare path Java's exceptions carry as their message.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * Creates {@code directory} and its missing parents.
     *
     * @throws IllegalArgumentException naming the directory and the reason, when it cannot be created
     */
    public static void create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output directory " + directory + ": "
                    + reason(e) + "; choose another --out", e);
        }
    }

    /**
     * The reason of a file-system failure in words: the operating system's ({@code No space left on device},
     * {@code Not a directory}) when Java kept it, else one said by the exception's kind.
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
