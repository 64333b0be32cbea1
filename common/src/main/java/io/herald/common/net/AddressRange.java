package io.herald.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block from configuration ({@code 10.0.0.0/8}, {@code ::1/128}, {@code 192.168.1.7}), and the
 * reading of IP literals that never asks DNS (a name is not an address).
 */
public record AddressRange(byte[] network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  /** {@code text} as a range; {@code setting} names the configuration key in the message when it is not one. */
  public static AddressRange parse(String text, String setting) {
    String cidr = text.strip();
    int slash = cidr.indexOf('/');
    InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
    if (address == null) {
      throw new IllegalStateException(setting + ": '" + cidr + "' is not an IP address or CIDR range");
    }
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalStateException(setting + ": bad prefix length in '" + cidr + "'");
      }
    }
    return new AddressRange(address.getAddress(), prefix);
  }

  /** An IPv4 or IPv6 literal as an address, without any DNS look-up; null when {@code value} is not one. */
  public static InetAddress literal(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    boolean v4 = IPV4.matcher(v).matches();
    if (!v4 && !(v.contains(":") && IPV6.matcher(v).matches())) {
      return null;
    }
    if (v4) {
      for (String part : v.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & mask) == (network[full] & mask);
  }
}
