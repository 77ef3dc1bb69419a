package org.unet4j.experiments.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * {@link ResultTable}s as JSON ({@code results.json} beside {@code results.md}), so that the tables of many runs can
 * be read back and printed again with their spread over seeds, and their {@link Claim}s judged again over the seeds.
 * A claim is stored as its statement, its source and its check: the check's kind (the simple name of its
 * {@link TableCheck} record) and the record's components. NaN (a value a run could not compute) is kept.
 */
public final class ResultTables {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private ResultTables() {
    }

    private record Stored(String title, String caption, String labelHeader, List<ResultTable.Column> columns,
            List<ResultTable.Row> rows, List<StoredClaim> claims) {
    }

    private record StoredClaim(String statement, String source, String check, JsonObject parameters) {
        static StoredClaim of(Claim claim) {
            return new StoredClaim(claim.statement(), claim.source(), claim.check().getClass().getSimpleName(),
                    GSON.toJsonTree(claim.check()).getAsJsonObject());
        }

        Claim claim(Path file) throws IOException {
            for (Class<?> kind : TableCheck.class.getPermittedSubclasses()) {
                if (kind.getSimpleName().equals(check)) {
                    try {
                        return new Claim(statement, source, (TableCheck) GSON.fromJson(parameters, kind));
                    } catch (JsonParseException | NullPointerException e) {
                        throw new IOException(file + ": the check of the claim '" + statement + "' is not a " + check
                                + " check: " + parameters, e);
                    }
                }
            }
            throw new IOException(file + ": the claim '" + statement + "' has a check of unknown kind '" + check
                    + "'; the kinds are " + Arrays.stream(TableCheck.class.getPermittedSubclasses())
                            .map(Class::getSimpleName).toList());
        }
    }

    /** Writes {@code tables}, with their claims, to {@code file} atomically. */
    public static void write(Path file, List<ResultTable> tables) throws IOException {
        List<Stored> stored = tables.stream().map(t -> new Stored(t.title(), t.caption(), t.labelHeader(),
                t.columns(), t.rows(), t.claims().stream().map(StoredClaim::of).toList())).toList();
        AtomicFiles.writeString(file, GSON.toJson(stored) + "\n");
    }

    /**
     * Reads the tables {@link #write} wrote, with their claims (none in a file written before claims were stored),
     * failing with a message naming the file when it is not such a file.
     */
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
        List<ResultTable> tables = new ArrayList<>();
        for (Stored s : stored) {
            ResultTable table = new ResultTable(s.title(), s.caption(), s.labelHeader(), s.columns());
            s.rows().forEach(r -> table.addRow(r.label(), r.values()));
            for (StoredClaim c : s.claims() == null ? List.<StoredClaim>of() : s.claims()) {
                table.addClaim(c.claim(file));
            }
            tables.add(table);
        }
        return tables;
    }
}
