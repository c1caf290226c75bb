package com.rostergate.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rostergate.core.phone.PhoneNormaliser;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Rosters built in a test: people with the six usual columns, written as CSV, and checked against the table. */
record Roster(List<Roster.Person> people) {

    static final String HEADER = "사번,이름,부서,직급,휴대폰,이메일";
    private static final PhoneNormaliser PHONES = new PhoneNormaliser();
    private static final String[] NAMES = {"김민준", "이서연", "박지훈", "최수아", "정우진", "강하은", "조은우", "윤지아", "장도현", "임서윤"};

    record Person(String employeeId, String name, String department, String position, String phone, String email) {
        String e164() {
            return PHONES.normalise(phone).e164();
        }

        Person inDepartment(String newDepartment) {
            return new Person(employeeId, name, newDepartment, position, phone, email);
        }

        String csv() {
            return String.join(",", employeeId, name, department, position, phone, email);
        }
    }

    /** {@code count} people numbered from {@code first}: phones 010-3100-NNNN (distinct from the sample files). */
    static Roster numbered(int first, int count, String department) {
        return new Roster(IntStream.range(first, first + count)
                .mapToObj(i -> new Person(
                        String.format(Locale.ROOT, "T%05d", i),
                        NAMES[i % NAMES.length],
                        department,
                        "사원",
                        String.format(Locale.ROOT, "010-3100-%04d", i),
                        "t" + i + "@example.co.kr"))
                .toList());
    }

    /** The sample file employees-cp949.csv as people (it has no quoted fields). */
    static Roster cp949Sample() {
        String text = new String(IngestStack.sample("employees-cp949.csv"), Charset.forName("MS949"));
        List<Person> people = new ArrayList<>();
        text.lines()
                .skip(1)
                .map(line -> line.split(",", -1))
                .forEach(f -> people.add(new Person(f[0], f[1], f[2], f[3], f[4], f[5])));
        return new Roster(people);
    }

    Roster without(int... indexes) {
        List<Person> kept = new ArrayList<>(people);
        IntStream.of(indexes).boxed().sorted((a, b) -> b - a).forEach(i -> kept.remove((int) i));
        return new Roster(kept);
    }

    Roster plus(Roster other) {
        List<Person> all = new ArrayList<>(people);
        all.addAll(other.people);
        return new Roster(all);
    }

    Roster first(int count) {
        return new Roster(people.subList(0, count));
    }

    byte[] csv() {
        return (HEADER + "\r\n"
                        + people.stream().map(person -> person.csv() + "\r\n").collect(Collectors.joining()))
                .getBytes(StandardCharsets.UTF_8);
    }

    TreeSet<String> phones() {
        return people.stream().map(Person::e164).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The employees table holds exactly these people, attribute by attribute. */
    void assertIsTheTable(Map<String, Map<String, AttributeValue>> table) {
        assertEquals(phones(), new TreeSet<>(table.keySet()), "the table holds exactly the roster's phones");
        for (Person person : people) {
            assertIsStored(person, table.get(person.e164()));
        }
    }

    static void assertIsStored(Person person, Map<String, AttributeValue> item) {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "phone",
                person.e164(),
                "employee_id",
                person.employeeId(),
                "name",
                person.name(),
                "department",
                person.department(),
                "position",
                person.position(),
                "email",
                person.email()));
        Map<String, String> stored = new TreeMap<>();
        item.forEach((name, value) -> {
            if (expected.containsKey(name)) {
                stored.put(name, value.s());
            }
        });
        assertEquals(expected, stored, "employee " + person.employeeId());
    }
}
