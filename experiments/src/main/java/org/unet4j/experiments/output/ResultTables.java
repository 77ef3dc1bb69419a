package org.unet4j.experiments.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * {@link ResultTable}s as JSON ({@code results.json} beside {@code results.md}), so that the tables of many runs can
 * be read back and printed again with their spread over seeds. NaN (a value a run could not compute) is kept.
 */
public final class ResultTables {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private ResultTables() {
    }

    private record Stored(String title, String caption, String labelHeader, List<ResultTable.Column> columns,
            List<ResultTable.Row> rows) {
    }

    /** Writes {@code tables} to {@code file} atomically. */
    public static void write(Path file, List<ResultTable> tables) throws IOException {
        List<Stored> stored = tables.stream().map(t -> new Stored(t.title(), t.caption(), t.labelHeader(),
                t.columns(), t.rows())).toList();
        AtomicFiles.writeString(file, GSON.toJson(stored) + "\n");
    }

    /** Reads the tables {@link #write} wrote, failing with a message naming the file when it is not such a file. */
    public static List<ResultTable> read(Path file) throws IOException {
        List<Stored> stored;
        try {
            stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    new TypeToken<List<Stored>>() { }.getType());
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (stored == null) {
            throw new IOException(file + " holds no result tables");
        }
        return stored.stream().map(s -> {
            ResultTable table = new ResultTable(s.title(), s.caption(), s.labelHeader(), s.columns());
            s.rows().forEach(r -> table.addRow(r.label(), r.values()));
            return table;
        }).toList();
    }
}
