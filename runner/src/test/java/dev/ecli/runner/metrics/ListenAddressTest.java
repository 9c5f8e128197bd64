package dev.ecli.runner.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** --metrics ADDR. */
class ListenAddressTest {
    @Test
    void portAloneHostAndPortAndBracketedV6() {
        assertEquals(new ListenAddress(null, 9435), ListenAddress.parse(":9435"));
        assertEquals(new ListenAddress("127.0.0.1", 9435), ListenAddress.parse("127.0.0.1:9435"));
        assertEquals(new ListenAddress("::1", 80), ListenAddress.parse("[::1]:80"));
        assertEquals("[::1]:80", ListenAddress.parse("[::1]:80").toString());
        assertEquals(":9435", ListenAddress.parse(":9435").toString());
    }

    @Test
    void aMissingOrBadPortSaysSo() {
        assertEquals("'9435' is not HOST:PORT or :PORT",
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("9435")).getMessage());
        assertEquals("'host:0': the port must be a number from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("host:0")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("host:http"));
    }
}
