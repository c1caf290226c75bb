package com.rostergate.core.roster;

import java.util.List;
import java.util.Locale;

/**
 * The columns a roster may have, each with the header spellings HR files use. Aliases are listed
 * normalised (see {@link #normalise}) and in order of preference: when a file has both a
 * {@code 휴대폰} and a {@code 전화번호} column, the mobile one is the phone.
 */
public enum RosterColumn {
    EMPLOYEE_ID(
            "employee_id",
            "사번",
            "사원번호",
            "직원번호",
            "employeeid",
            "empno",
            "empid",
            "employeeno",
            "employeenumber",
            "staffid"),
    NAME("name", "이름", "성명", "성함", "name", "fullname", "employeename"),
    DEPARTMENT("department", "부서", "부서명", "소속", "department", "dept", "deptname"),
    POSITION("position", "직급", "직위", "직책", "position", "title", "jobtitle"),
    PHONE(
            "phone",
            "휴대폰",
            "휴대전화",
            "핸드폰",
            "휴대폰번호",
            "휴대전화번호",
            "핸드폰번호",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cellphone",
            "전화번호",
            "연락처",
            "phone",
            "phonenumber",
            "tel",
            "telephone"),
    EMAIL("email", "이메일", "이메일주소", "메일", "email", "emailaddress", "mail"),
    /** Not stored as its own attribute: in a delta it says which rows to remove. */
    STATUS("status", "status", "상태", "action", "재직상태");

    private final String attribute;
    private final List<String> aliases;

    RosterColumn(String attribute, String... aliases) {
        this.attribute = attribute;
        this.aliases = List.of(aliases);
    }

    /** The employee item attribute this column is stored in. */
    public String attribute() {
        return attribute;
    }

    /** Preference of a normalised header for this column: 0 is best, -1 means it is not this column. */
    int preference(String normalisedHeader) {
        return aliases.indexOf(normalisedHeader);
    }

    /** Header text as compared: lower case, without spaces, {@code _}, {@code -} or a byte order mark. */
    public static String normalise(String header) {
        StringBuilder out = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (!Character.isWhitespace(c) && c != '_' && c != '-' && c != '\uFEFF') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
