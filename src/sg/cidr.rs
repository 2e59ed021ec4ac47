//! CIDR parsing with the semantics of Go's `net.ParseCIDR`, which the controller uses:
//! an address and a prefix length, host bits allowed (and dropped in the canonical form).
//! CIDRs are parsed once, here, at the boundary; the rest of sgctl uses the canonical text.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
    /// True when the input had host bits set (`1.2.3.4/19`): accepted, but worth a warning.
    pub had_host_bits: bool,
}

impl Cidr {
    /// Parses `addr/len`. The error text is Go's (`invalid CIDR address: X`), which is what
    /// the controller wraps in its own messages.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let invalid = || format!("invalid CIDR address: {text}");
        let (addr, prefix) = text.split_once('/').ok_or_else(invalid)?;
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let prefix: u8 = prefix.parse().map_err(|_| invalid())?;
        // Go accepts IPv4 only in dotted-decimal form and IPv6 per RFC 4291; std's parsers
        // agree on the cases that matter (no zone, no leading zeros in IPv4 octets).
        let ip: IpAddr = if addr.contains(':') {
            IpAddr::V6(addr.parse::<Ipv6Addr>().map_err(|_| invalid())?)
        } else {
            IpAddr::V4(addr.parse::<Ipv4Addr>().map_err(|_| invalid())?)
        };
        let network = match ip {
            IpAddr::V4(v4) => {
                if prefix > 32 {
                    return Err(invalid());
                }
                let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
                IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask))
            }
            IpAddr::V6(v6) => {
                if prefix > 128 {
                    return Err(invalid());
                }
                let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - prefix) };
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        };
        Ok(Cidr { network, prefix, had_host_bits: network != ip })
    }

    pub fn is_ipv6(&self) -> bool {
        self.network.is_ipv6()
    }

    /// Whether every address of `other` is in this CIDR (both of one family).
    pub fn contains(&self, other: &Cidr) -> bool {
        if other.prefix < self.prefix {
            return false;
        }
        match (self.network, other.network) {
            (IpAddr::V4(wide), IpAddr::V4(narrow)) => {
                let mask = if self.prefix == 0 { 0 } else { u32::MAX << (32 - self.prefix) };
                u32::from(narrow) & mask == u32::from(wide)
            }
            (IpAddr::V6(wide), IpAddr::V6(narrow)) => {
                let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - self.prefix) };
                u128::from(narrow) & mask == u128::from(wide)
            }
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_and_flags_host_bits() {
        let cidr = Cidr::parse("1.2.3.4/19").unwrap();
        assert_eq!(cidr.to_string(), "1.2.0.0/19");
        assert!(cidr.had_host_bits);
        let v6 = Cidr::parse("2001:DB8::1/32").unwrap();
        assert_eq!(v6.to_string(), "2001:db8::/32");
        assert!(v6.is_ipv6());
        assert!(!Cidr::parse("0.0.0.0/0").unwrap().had_host_bits);
    }

    #[test]
    fn containment_is_by_network_and_family() {
        let cidr = |text: &str| Cidr::parse(text).unwrap();
        assert!(cidr("10.0.0.0/8").contains(&cidr("10.1.0.0/16")));
        assert!(cidr("0.0.0.0/0").contains(&cidr("192.0.2.7/32")));
        assert!(!cidr("10.1.0.0/16").contains(&cidr("10.0.0.0/8")));
        assert!(!cidr("10.0.0.0/8").contains(&cidr("11.0.0.0/16")));
        assert!(cidr("2001:db8::/32").contains(&cidr("2001:db8:1::/48")));
        assert!(!cidr("::/0").contains(&cidr("10.0.0.0/8")));
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "foo/8", "10.0.0.0/-1", "::/129", "10.0.0.0/ 8"] {
            assert_eq!(Cidr::parse(bad).unwrap_err(), format!("invalid CIDR address: {bad}"), "{bad}");
        }
    }
}
