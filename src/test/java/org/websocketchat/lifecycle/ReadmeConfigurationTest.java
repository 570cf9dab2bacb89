package org.websocketchat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README's "Configure" table is the code's {@link Setting}s: the same keys in the same order,
 * each with its environment variable, its default and its meaning. A change to either side alone
 * fails here. The files are read from the project directory, Surefire's working directory.
 */
class ReadmeConfigurationTest {

    private static final Path PROJECT = Path.of(System.getProperty("basedir", ""));
    private static final String HEADER = "| key | environment variable | default | meaning |";
    /** {@code chat.…} names in the documentation that are files, the subprotocol or test properties, not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("chat.v1", "chat.lua", "chat.js", "chat.css", "chat.html",
            "chat.it.settings", "chat.server.log");
    private static final Pattern SETTING_NAME = Pattern.compile("(?:(?<=-D)|(?<![\\w.-]))chat\\.[a-z][a-z0-9.-]*[a-z0-9]");
    private static final Pattern CONTEXT_PARAM = Pattern.compile("<context-param>\\s*<param-name>\\s*([^<]*?)\\s*</param-name>");

    /** One row of the table, its cells as written. */
    private record Row(String key, String environmentVariable, String fallback, String meaning) {
    }

    @Test
    void theConfigureTableListsExactlyTheSettingsInCode() throws IOException {
        List<Row> rows = configureTable(Files.readString(PROJECT.resolve("README.md")));

        assertEquals(Arrays.stream(Setting.values()).map(Setting::key).toList(), rows.stream().map(Row::key).toList(),
                "the keys of README.md's Configure table, in order");
        for (int i = 0; i < rows.size(); i++) {
            Setting setting = Setting.values()[i];
            Row row = rows.get(i);
            assertEquals(code(setting.environmentVariable()), row.environmentVariable(), setting.key());
            assertEquals(setting.fallback().isEmpty() ? "*(empty)*" : code(setting.fallback()), row.fallback(),
                    "default of " + setting.key());
            assertEquals(setting.meaning(), row.meaning().replace("`", ""), "meaning of " + setting.key() + " (code spans aside)");
        }
    }

    @Test
    void webXmlLeavesEveryDefaultToTheCode() throws IOException {
        String webXml = Files.readString(PROJECT.resolve("src/main/webapp/WEB-INF/web.xml"));
        List<String> chatParams = new ArrayList<>();
        Matcher param = CONTEXT_PARAM.matcher(webXml);
        while (param.find()) {
            if (param.group(1).startsWith("chat.")) {
                chatParams.add(param.group(1));
            }
        }

        assertEquals(List.of(), chatParams, "web.xml's chat.* context-params: each default is the one in Setting");
    }

    @Test
    void theDocumentationNamesNoSettingThatDoesNotExist() throws IOException {
        Set<String> keys = new TreeSet<>(Arrays.stream(Setting.values()).map(Setting::key).toList());
        List<Path> files = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        Path docs = PROJECT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> markdown = Files.list(docs)) {
                markdown.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        for (Path file : files) {
            Set<String> unknown = names(Files.readString(file));
            unknown.removeAll(keys);
            unknown.removeAll(NOT_SETTINGS);
            assertEquals(Set.of(), unknown, "settings named in " + PROJECT.relativize(file) + " that Setting does not have");
        }
    }

    /** The rows after the table's header in the "Configure" section. */
    private static List<Row> configureTable(String readme) {
        int section = readme.indexOf("\n## Configure\n");
        assertTrue(section >= 0, "README.md has a \"## Configure\" section");
        int next = readme.indexOf("\n## ", section + 1);
        List<String> lines = readme.substring(section, next < 0 ? readme.length() : next).lines().toList();
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, "the Configure section has a table headed " + HEADER);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
            assertEquals(4, cells.length, line);
            String key = cells[0].strip();
            assertTrue(key.startsWith("`") && key.endsWith("`"), "a key in backticks: " + line);
            rows.add(new Row(key.substring(1, key.length() - 1), cells[1].strip(), cells[2].strip(), cells[3].strip()));
        }
        return rows;
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = SETTING_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static String code(String text) {
        return "`" + text + "`";
    }
}
