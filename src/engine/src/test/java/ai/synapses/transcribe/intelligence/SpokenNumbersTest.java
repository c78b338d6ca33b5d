package ai.synapses.transcribe.intelligence;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SpokenNumbersTest {

    static SpokenNumbers.Run run(String words) {
        return SpokenNumbers.runAt(Arrays.asList(words.split(" ")), 0);
    }

    @Test
    void digitsAndCardinals() {
        assertEquals("4155550199", run("four one five five five five oh one nine nine").digits());
        assertEquals("5551234", run("five five five twelve thirty four").digits());
        assertEquals("1985", run("nineteen eighty five").digits());
        assertNull(run("nineteen eighty five").cardinal());
        assertEquals(150L, run("a hundred and fifty").cardinal());
        assertEquals(2001L, run("two thousand and one").cardinal());
        assertEquals("18005550199", run("one eight hundred five five five zero one nine nine").digits());
        assertEquals("5544", run("double five double four").digits());
        assertEquals(21L, run("twenty first").cardinal());
    }

    @Test
    void ohAloneIsAnInterjection() {
        assertNull(run("oh i see"));
    }
}
