package com.rostergate.core.roster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a realistic roster of N rows (Korean names, departments, positions, unique 010 numbers)
 * from a seed: the same arguments always give the same bytes. Uses only the JDK, so it runs from
 * the test classes alone:
 * <pre>java -cp functions/core/target/test-classes com.rostergate.core.roster.RosterGenerator --rows 1000000 --seed 42
 * --out /tmp/roster.csv</pre>
 * Options: {@code --encoding utf-8|utf-8-bom|cp949} (default utf-8), {@code --duplicates F} and
 * {@code --invalid F} (share of rows that repeat an earlier row's phone, or carry an invalid one;
 * default 0), {@code --first N} (index of the first phone number; default 0, so files with different
 * ranges do not share people).
 */
public final class RosterGenerator {

    static final String HEADER = "사번,이름,부서,직급,휴대폰,이메일";
    private static final String[] SURNAMES = {
        "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "전", "홍"
    };
    private static final String[] GIVEN = {
        "민준", "서연", "지훈", "수아", "우진", "하은", "은우", "지아", "도현", "서윤", "예준", "하린", "시우", "지유", "주원", "채원", "건우", "수빈",
        "현우", "다은", "준서", "지민", "승현", "소율"
    };
    private static final String[] DEPARTMENTS = {"개발팀", "인사팀", "영업팀", "재무팀", "마케팅팀", "디자인팀", "경영지원팀", "고객지원팀"};
    private static final String[] POSITIONS = {"사원", "주임", "대리", "과장", "차장", "부장"};
    private static final String[] ROMAN = {
        "kim", "lee", "park", "choi", "jung", "kang", "cho", "yoon", "jang", "lim", "han", "oh", "seo", "shin", "kwon",
        "hwang", "ahn", "song", "jeon", "hong"
    };
    /** Phone numbers 010-6000-0000 .. 010-9999-9999: every one is valid, 40 million of them. */
    private static final long PHONE_BASE = 60_000_000L;

    private static final long PHONE_RANGE = 40_000_000L;
    /** Odd and not a multiple of 5, so i -> i * STRIDE mod PHONE_RANGE visits every number once. */
    private static final long STRIDE = 12_345_679L;

    private RosterGenerator() {}

    public static void main(String[] args) throws IOException {
        long rows = -1;
        long seed = 1;
        Path out = null;
        String encoding = "utf-8";
        double duplicates = 0;
        double invalid = 0;
        long first = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--encoding" -> encoding = args[i + 1].toLowerCase(Locale.ROOT);
                case "--duplicates" -> duplicates = Double.parseDouble(args[i + 1]);
                case "--invalid" -> invalid = Double.parseDouble(args[i + 1]);
                case "--first" -> first = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rows < 0 || out == null || args.length % 2 != 0) {
            System.err.println("usage: RosterGenerator --rows N --seed S --out FILE [--encoding utf-8|utf-8-bom|cp949]"
                    + " [--duplicates F] [--invalid F] [--first N]");
            System.exit(2);
        }
        long started = System.nanoTime();
        try (OutputStream file = Files.newOutputStream(out)) {
            write(file, rows, seed, encoding, duplicates, invalid, first);
        }
        System.out.printf(
                Locale.ROOT,
                "wrote %d rows (%d bytes) to %s in %.1f s%n",
                rows,
                Files.size(out),
                out,
                (System.nanoTime() - started) / 1e9);
    }

    /** Writes the roster to {@code file} (not closed). */
    public static void write(
            OutputStream file, long rows, long seed, String encoding, double duplicates, double invalid, long first)
            throws IOException {
        Charset charset = encoding.equals("cp949") ? RosterText.CP949 : StandardCharsets.UTF_8;
        if (encoding.equals("utf-8-bom")) {
            file.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        Random random = new Random(seed);
        Writer writer = new BufferedWriter(new OutputStreamWriter(file, charset), 1 << 16);
        writer.write(HEADER);
        writer.write("\r\n");
        for (long row = 0; row < rows; row++) {
            writer.write(String.join(",", values(random, row, first, duplicates, invalid)));
            writer.write("\r\n");
        }
        writer.flush();
    }

    /** The fields of row {@code row} (from 0) under {@link #HEADER}, drawn from {@code random} in file order. */
    static String[] values(Random random, long row, long first, double duplicates, double invalid) {
        int surname = random.nextInt(SURNAMES.length);
        int given = random.nextInt(GIVEN.length);
        double roll = random.nextDouble();
        String phone;
        if (roll < invalid) {
            phone = "010-12-" + String.format("%04d", random.nextInt(10_000));
        } else if (roll < invalid + duplicates && row > 0) {
            phone = phone(first + (long) (random.nextDouble() * row));
        } else {
            phone = phone(first + row);
        }
        return new String[] {
            String.format(Locale.ROOT, "E%08d", first + row + 1),
            SURNAMES[surname] + GIVEN[given],
            DEPARTMENTS[random.nextInt(DEPARTMENTS.length)],
            POSITIONS[random.nextInt(POSITIONS.length)],
            phone,
            String.format(Locale.ROOT, "%s.e%d@example.co.kr", ROMAN[surname], first + row + 1)
        };
    }

    /** The index-th number of the permutation, written 010-XXXX-XXXX. */
    static String phone(long index) {
        long subscriber = PHONE_BASE + Math.floorMod(index * STRIDE, PHONE_RANGE);
        return String.format(Locale.ROOT, "010-%04d-%04d", subscriber / 10_000, subscriber % 10_000);
    }
}
