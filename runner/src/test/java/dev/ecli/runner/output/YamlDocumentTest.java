package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** -o yaml streams each JSON line into YAML; the text is what Jackson's data binding would write. */
class YamlDocumentTest {
    private static final List<String> LINES = List.of(
            "{\"pid\":4242,\"ppid\":1,\"exit_code\":7,\"comm\":\"sh\",\"core_dumped\":false}",
            "{\"u64\":18446744073709551615,\"s64\":-9223372036854775808,\"zero\":0,\"neg\":-1}",
            "{\"f\":1.5,\"d\":-2.25E-10,\"big\":1.0E300,\"tiny\":4.9E-324,\"whole\":3.0}",
            "{\"yes\":\"yes\",\"no\":\"No\",\"null\":\"null\",\"num\":\"123\",\"colon\":\"a: b\",\"dash\":\"-x\","
                    + "\"empty\":\"\",\"space\":\" lead\",\"hash\":\"# c\",\"quote\":\"it's \\\"q\\\"\"}",
            "{\"nl\":\"two\\nlines\",\"tab\":\"a\\tb\",\"ctl\":\"\\u0001\",\"uni\":\"h\\u00e9llo \\u2603\","
                    + "\"long\":\"" + "x".repeat(300) + "\"}",
            "{\"nested\":{\"a\":1,\"b\":{\"c\":[1,2,3]}},\"arr\":[],\"obj\":{},\"mixed\":[\"s\",1,true,null,{\"k\":\"v\"}]}",
            "{\"_stream\":\"events\",\"_time\":\"2026-12-04T19:10:33.881\",\"sig_text\":\"SIGKILL\",\"n\":null}");

    @Test
    void sameTextAsDataBinding() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectMapper yaml = new ObjectMapper(YamlSink.factory());
        for (String line : LINES) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String bound = new String(yaml.writeValueAsBytes(json.readTree(bytes)), StandardCharsets.UTF_8);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            YamlSink.document(bytes, YamlSink.factory(), streamed);
            assertEquals(bound, streamed.toString(StandardCharsets.UTF_8), line);
        }
    }

    @Test
    void documentsFollowEachOther() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        YamlSink.document("{\"a\":1}".getBytes(StandardCharsets.UTF_8), YamlSink.factory(), out);
        YamlSink.document("{\"a\":2}".getBytes(StandardCharsets.UTF_8), YamlSink.factory(), out);
        assertEquals("---\na: 1\n---\na: 2\n", out.toString(StandardCharsets.UTF_8));
    }
}
