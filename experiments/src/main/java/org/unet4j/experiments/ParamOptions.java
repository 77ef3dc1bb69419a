package org.unet4j.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unet4j.experiments.api.Param;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Command-line options made from an experiment's {@link Param}s, so that a command never restates them by hand: one
 * {@code --name VALUE} option per parameter, whose help line gives the description, the accepted values and the
 * default. Values are kept as text and checked by {@link Param#parse} when the experiment starts.
 */
final class ParamOptions {
    private ParamOptions() {
    }

    /** Adds one option per parameter to {@code spec}; returns {@code spec}. */
    static CommandSpec addTo(CommandSpec spec, List<Param<?>> params) {
        for (Param<?> p : params) {
            spec.addOption(option(p));
        }
        return spec;
    }

    /** The option of one parameter, e.g. {@code --epochs=INT  Passes over the training images: an integer in ...}. */
    static OptionSpec option(Param<?> p) {
        String description = p.description().substring(0, 1).toUpperCase(Locale.ROOT) + p.description().substring(1)
                + ": " + p.domain() + " (default: " + p.format(p.defaultValue()) + ").";
        return OptionSpec.builder("--" + p.name()).paramLabel(p.typeName().toUpperCase(Locale.ROOT))
                .type(String.class).description(description).build();
    }

    /** The parameters given on the command line, by name, as the text given; defaults are not included. */
    static Map<String, String> given(ParseResult result, List<Param<?>> params) {
        Map<String, String> given = new LinkedHashMap<>();
        for (Param<?> p : params) {
            OptionSpec option = result.matchedOption("--" + p.name());
            if (option != null) {
                given.put(p.name(), option.getValue());
            }
        }
        return given;
    }
}
