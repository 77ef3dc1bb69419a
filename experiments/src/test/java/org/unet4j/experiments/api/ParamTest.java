package org.unet4j.experiments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.api.Test;

class ParamTest {
    private static final Param<Integer> EPOCHS = Param.integer("epochs", 5, 1, 100, "passes");
    private static final Param<Double> LR = Param.real("lr", 1e-3, 1e-6, 1, "rate");
    private static final Param<String> DATA = Param.choice("dataset", "cells", List.of("cells", "vessels"), "data");
    private static final Param<Boolean> AUGMENT = Param.flag("augment", false, "augment");
    private static final List<Param<?>> ALL = List.of(EPOCHS, LR, DATA, AUGMENT);

    @Test
    void defaultsFillWhatIsNotGivenAndValuesAreTyped() {
        ParamValues values = ParamValues.resolve("demo", ALL, Map.of("epochs", 7, "lr", "0.01", "augment", "yes"));
        assertEquals(7, values.get(EPOCHS));
        assertEquals(0.01, values.get(LR));
        assertEquals("cells", values.get(DATA));
        assertEquals(true, values.get(AUGMENT));
        assertEquals(Map.of("epochs", "7", "lr", "0.01", "dataset", "cells", "augment", "true"), values.asText());
    }

    @Test
    void outOfRangeAndInvalidValuesNameTheParameterAndItsDomain() {
        ParamException error = assertThrows(ParamException.class, () -> EPOCHS.parse("0"));
        assertTrue(error.getMessage().contains("'epochs'") && error.getMessage().contains("[1, 100]"),
                error.getMessage());
        error = assertThrows(ParamException.class, () -> DATA.parse("retina"));
        assertTrue(error.getMessage().contains("one of cells, vessels"), error.getMessage());
        error = assertThrows(ParamException.class, () -> LR.parse("fast"));
        assertTrue(error.getMessage().contains("'lr'"), error.getMessage());
        assertThrows(ParamException.class, () -> EPOCHS.accept(2.5));
    }

    @Test
    void unknownNamesListTheParametersAndSuggestTheNearest() {
        ParamException error = assertThrows(ParamException.class,
                () -> ParamValues.resolve("demo", ALL, Map.of("epoch", 3)));
        assertTrue(error.getMessage().contains("Did you mean 'epochs'?"), error.getMessage());
        assertTrue(error.getMessage().contains("epochs, lr, dataset, augment"), error.getMessage());
    }

    @Property(tries = 30)
    void everyIntegerInRangeRoundTripsThroughText(@ForAll @IntRange(min = 1, max = 100) int value) {
        assertEquals(value, EPOCHS.parse(EPOCHS.format(value)));
    }
}
