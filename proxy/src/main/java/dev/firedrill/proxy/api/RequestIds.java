package dev.firedrill.proxy.api;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Values for Toxiproxy's {@code X-Toxiproxy-Request-Id} header, in the shape its ids have (20
 * characters of lower-case base32hex, 12 bytes: seconds since the epoch, 5 random bytes fixed per
 * server, a 3-byte counter), so that they sort by time and are unique per server.
 */
final class RequestIds {
  private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuv".toCharArray();

  private final byte[] fixed = new byte[5];
  private final AtomicInteger counter;

  RequestIds() {
    SecureRandom random = new SecureRandom();
    random.nextBytes(fixed);
    counter = new AtomicInteger(random.nextInt());
  }

  String next() {
    long seconds = System.currentTimeMillis() / 1000;
    int count = counter.getAndIncrement();
    byte[] id = new byte[12];
    for (int i = 0; i < 4; i++) {
      id[i] = (byte) (seconds >>> (24 - 8 * i));
    }
    System.arraycopy(fixed, 0, id, 4, 5);
    id[9] = (byte) (count >>> 16);
    id[10] = (byte) (count >>> 8);
    id[11] = (byte) count;
    return base32hex(id);
  }

  /** 96 bits, 5 at a time, most significant first; the last character carries 1 bit. */
  private static String base32hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(20);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(DIGITS[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(DIGITS[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
