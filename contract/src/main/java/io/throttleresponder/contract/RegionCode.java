package io.throttleresponder.contract;

import java.util.regex.Pattern;

/** How a Region code is written (us-east-1, ap-southeast-4, us-gov-west-1), wherever one is read. */
public final class RegionCode {

    private static final Pattern CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private RegionCode() {}

    public static boolean isCode(String text) {
        return text != null && CODE.matcher(text).matches();
    }
}
