package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG flame graph: a well-formed document, each frame as wide as its samples, callees above callers. */
class FlameGraphTest {
    @Test
    void framesAreAsWideAsTheirSamplesAndStackedOnTheirCallers() throws Exception {
        Map<String, Long> folded = new LinkedHashMap<>();
        folded.put("app;main;work;spin", 75L);
        folded.put("app;main;idle", 25L);
        folded.put("app;main;work;read_[k]", 0L);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(FlameGraph.svg(folded, "t <&> 100 samples")));
        NodeList groups = doc.getElementsByTagName("g");
        Map<String, Element> rects = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String title = g.getElementsByTagName("title").item(0).getTextContent();
            String name = title.substring(0, title.indexOf(" ("));
            rects.put(name, (Element) g.getElementsByTagName("rect").item(0));
            titles.put(name, title);
        }
        assertEquals(java.util.Set.of("all", "app", "main", "work", "spin", "idle"), rects.keySet(),
                "a frame with no samples is not drawn");
        assertEquals("spin (75 samples, 75.00%)", titles.get("spin"));
        double all = width(rects.get("all"));
        assertEquals(0.75, width(rects.get("work")) / all, 0.001);
        assertEquals(0.25, width(rects.get("idle")) / all, 0.001);
        assertTrue(y(rects.get("spin")) < y(rects.get("work")) && y(rects.get("work")) < y(rects.get("main")),
                "callees above callers");
        assertEquals("idle", firstByX(rects.get("idle"), rects.get("work")), "siblings in name order");
    }

    private static double width(Element r) {
        return Double.parseDouble(r.getAttribute("width"));
    }

    private static double y(Element r) {
        return Double.parseDouble(r.getAttribute("y"));
    }

    private static String firstByX(Element a, Element b) {
        return Double.parseDouble(a.getAttribute("x")) < Double.parseDouble(b.getAttribute("x")) ? "idle" : "work";
    }
}
