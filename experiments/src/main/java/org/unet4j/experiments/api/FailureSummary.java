package org.unet4j.experiments.api;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One line that says why something failed, for a terminal: the failure's message followed by those of its causes
 * that add something, each prefixed by its class name only where that says more than the message (a JDK error such
 * as {@code NullPointerException}, not an {@code IllegalArgumentException} whose message names the problem).
 */
public final class FailureSummary {
    private FailureSummary() {
    }

    /** The one-line summary of {@code failure} and its causes. */
    public static String of(Throwable failure) {
        StringBuilder line = new StringBuilder(describe(failure));
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message == null || !line.toString().contains(flatten(message))) {
                line.append(": ").append(describe(cause));
            }
        }
        return line.toString();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        return selfExplaining(failure) ? flatten(message) : failure.getClass().getSimpleName() + ": "
                + flatten(message);
    }

    private static boolean selfExplaining(Throwable failure) {
        return failure instanceof IllegalArgumentException || failure instanceof IllegalStateException
                || failure instanceof UncheckedIOException || failure.getClass() == IOException.class
                || failure.getClass().getName().startsWith("org.unet4j.");
    }

    private static String flatten(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
