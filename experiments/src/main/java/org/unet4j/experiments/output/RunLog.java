package org.unet4j.experiments.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The log of a run: each line goes to the console as is and to the log file with a timestamp. The file is appended
 * to and flushed line by line (a log is a journal, not a snapshot), so a resumed run continues the same file.
 */
public final class RunLog implements Closeable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Path path;
    private final BufferedWriter file;
    private final PrintStream console;

    /** A log appending to {@code file} and echoing to {@code console}. */
    public RunLog(Path file, PrintStream console) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.path = file;
        this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.console = console;
    }

    /** Logs one line to the file and the console. */
    public synchronized void info(String line) {
        console.println(line);
        console.flush();
        fileOnly(line);
    }

    /** Logs one line to the file only (details the console need not show). */
    public synchronized void fileOnly(String line) {
        try {
            file.write(LocalDateTime.now().format(TIME) + "  " + line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log " + path + ": " + OutputDirectory.reason(e), e);
        }
    }

    /** Where progress bars and console messages go. */
    public PrintStream console() {
        return console;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
