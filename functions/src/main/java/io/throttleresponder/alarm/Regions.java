package io.throttleresponder.alarm;

import java.util.Map;

/** SNS alarm notifications name the region for people ("US East (N. Virginia)"); links need the code. */
public final class Regions {

    private static final Map<String, String> CODES_BY_DISPLAY_NAME = Map.ofEntries(
            Map.entry("US East (N. Virginia)", "us-east-1"),
            Map.entry("US East (Ohio)", "us-east-2"),
            Map.entry("US West (N. California)", "us-west-1"),
            Map.entry("US West (Oregon)", "us-west-2"),
            Map.entry("Africa (Cape Town)", "af-south-1"),
            Map.entry("Asia Pacific (Hong Kong)", "ap-east-1"),
            Map.entry("Asia Pacific (Mumbai)", "ap-south-1"),
            Map.entry("Asia Pacific (Hyderabad)", "ap-south-2"),
            Map.entry("Asia Pacific (Tokyo)", "ap-northeast-1"),
            Map.entry("Asia Pacific (Seoul)", "ap-northeast-2"),
            Map.entry("Asia Pacific (Osaka)", "ap-northeast-3"),
            Map.entry("Asia Pacific (Singapore)", "ap-southeast-1"),
            Map.entry("Asia Pacific (Sydney)", "ap-southeast-2"),
            Map.entry("Asia Pacific (Jakarta)", "ap-southeast-3"),
            Map.entry("Asia Pacific (Melbourne)", "ap-southeast-4"),
            Map.entry("Canada (Central)", "ca-central-1"),
            Map.entry("Europe (Frankfurt)", "eu-central-1"),
            Map.entry("Europe (Zurich)", "eu-central-2"),
            Map.entry("Europe (Ireland)", "eu-west-1"),
            Map.entry("Europe (London)", "eu-west-2"),
            Map.entry("Europe (Paris)", "eu-west-3"),
            Map.entry("Europe (Stockholm)", "eu-north-1"),
            Map.entry("Europe (Milan)", "eu-south-1"),
            Map.entry("Europe (Spain)", "eu-south-2"),
            Map.entry("Middle East (Bahrain)", "me-south-1"),
            Map.entry("Middle East (UAE)", "me-central-1"),
            Map.entry("Israel (Tel Aviv)", "il-central-1"),
            Map.entry("South America (Sao Paulo)", "sa-east-1"),
            Map.entry("AWS GovCloud (US-West)", "us-gov-west-1"),
            Map.entry("AWS GovCloud (US-East)", "us-gov-east-1"));

    private Regions() {}

    /** The region code for a display name; a value that already is a code, or is unknown, passes through. */
    static String codeOf(String region) {
        return CODES_BY_DISPLAY_NAME.getOrDefault(region.trim(), region.trim());
    }

    /** The display name SNS alarm notifications carry for a region code; an unknown code passes through. */
    public static String displayNameOf(String code) {
        return CODES_BY_DISPLAY_NAME.entrySet().stream().filter(e -> e.getValue().equals(code))
                .map(Map.Entry::getKey).findFirst().orElse(code);
    }
}
