//! Which `Host` names the preview answers to. A web page on another site can
//! make the reader's browser send requests to the preview under a name its
//! owner controls (DNS rebinding); answering only this machine's own names
//! and addresses, and the names the user allows, keeps the drafts private.

use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;

/// The names and addresses the preview answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// Names, lower-cased, without a trailing dot.
    names: BTreeSet<String>,
    addresses: BTreeSet<IpAddr>,
    /// Listening on every address: any of the machine's addresses, which
    /// may change while the preview runs, is one of its own.
    every_interface: bool,
}

impl Hosts {
    /// What a preview listening on `bind` answers to: the loopback names and
    /// addresses, the address it listens on, and on any other address than
    /// loopback the machine's name and, listening on every address, the
    /// machine's addresses; with the names of `allowed` in every case.
    pub fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        let machine = if bind.is_loopback() {
            Machine::default()
        } else {
            Machine {
                name: gethostname::gethostname().into_string().ok(),
                addresses: if bind.is_unspecified() {
                    interface_addresses()
                } else {
                    Vec::new()
                },
            }
        };
        Hosts::with(bind, allowed, machine)
    }

    fn with(bind: IpAddr, allowed: &[String], machine: Machine) -> Hosts {
        let mut names: BTreeSet<String> = BTreeSet::from(["localhost".to_string()]);
        let mut addresses: BTreeSet<IpAddr> = BTreeSet::from([
            IpAddr::from(std::net::Ipv4Addr::LOCALHOST),
            IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ]);
        if !bind.is_unspecified() {
            addresses.insert(bind);
        }
        addresses.extend(machine.addresses);
        if let Some(name) = machine.name.as_deref().and_then(|n| normal_name(n).ok()) {
            // The name others on the local network resolve through mDNS.
            if !name.contains('.') {
                names.insert(format!("{name}.local"));
            }
            names.insert(name);
        }
        for name in allowed {
            match parse_host_name(name) {
                Ok(Allowed::Name(name)) => {
                    names.insert(name);
                }
                Ok(Allowed::Address(ip)) => {
                    addresses.insert(ip);
                }
                // `run` refuses such names before this is built.
                Err(_) => {}
            }
        }
        Hosts {
            names,
            addresses,
            every_interface: bind.is_unspecified(),
        }
    }

    /// Whether a request's `Host` header (a name or address, with or
    /// without a port) names the preview.
    pub fn allows(&self, host: &str) -> bool {
        let Some(host) = without_port(host) else {
            return false;
        };
        match host.parse::<IpAddr>() {
            Ok(ip) => {
                self.addresses.contains(&ip)
                    || (self.every_interface && interface_addresses().contains(&ip))
            }
            Err(_) => normal_name(host).is_ok_and(|name| self.names.contains(&name)),
        }
    }
}

/// The names and addresses, as the warning of a preview shared with other
/// machines lists them.
impl fmt::Display for Hosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let addresses = self.addresses.iter().map(|ip| match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        });
        let all: Vec<String> = self.names.iter().cloned().chain(addresses).collect();
        f.write_str(&all.join(", "))
    }
}

/// This machine's own name and addresses.
#[derive(Debug, Default)]
struct Machine {
    name: Option<String>,
    addresses: Vec<IpAddr>,
}

/// The addresses of the machine's network interfaces (none if they cannot
/// be listed: then only the other names are answered).
fn interface_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .map(|interfaces| interfaces.iter().map(|i| i.ip()).collect())
        .unwrap_or_default()
}

/// The host of a `Host` header: `name`, `1.2.3.4` or `::1` (from `[::1]`),
/// without the port.
fn without_port(host: &str) -> Option<&str> {
    match host.strip_prefix('[') {
        Some(v6) => {
            let (ip, rest) = v6.split_once(']')?;
            (rest.is_empty() || is_port(rest)).then_some(ip)
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(&format!(":{port}")) => Some(name),
            Some(_) => None,
            None => Some(host),
        },
    }
}

fn is_port(rest: &str) -> bool {
    rest.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A host name, lower-cased and without a trailing dot, or why it is not
/// one: letters, digits, `-`, `_` and dots between labels.
fn normal_name(name: &str) -> Result<String, &'static str> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > 253 {
        return Err("it is longer than 253 characters");
    }
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !name.split('.').all(label) {
        return Err(
            "a host name has letters, digits and `-` between dots (no port, scheme or path)",
        );
    }
    Ok(name.to_ascii_lowercase())
}

/// A name given to `--allow-host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// A host name, lower-cased.
    Name(String),
    /// An address (`[::1]` may be written with or without brackets).
    Address(IpAddr),
}

/// Reads a name given to `--allow-host`: a host name or an IP address,
/// without a port.
pub fn parse_host_name(text: &str) -> Result<Allowed, String> {
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(Allowed::Address(ip));
    }
    normal_name(text)
        .map(Allowed::Name)
        .map_err(|why| format!("`{text}` is not a host name: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str, allowed: &[&str], machine: Machine) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        Hosts::with(bind.parse().unwrap(), &allowed, machine)
    }

    #[test]
    fn on_loopback_only_this_machine_is_a_host() {
        let hosts = hosts("127.0.0.1", &[], Machine::default());
        for host in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST",
            "localhost.",
            "[::1]:4000",
            "[::1]",
            "127.0.0.1",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:4000",
            "127.0.0.2:4000",
            "",
            ":4000",
            "localhost.evil.example",
            "[::2]:4000",
            "localhost:4000:4000",
            "localhost:x",
            "[::1]x",
            "local host",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn a_specific_address_is_a_host() {
        let hosts = hosts("127.0.0.2", &[], Machine::default());
        assert!(hosts.allows("127.0.0.2:4000"));
        assert!(hosts.allows("localhost:4000"));
        assert!(!hosts.allows("127.0.0.3:4000"));
    }

    #[test]
    fn every_address_answers_the_machines_names_and_addresses_only() {
        let machine = Machine {
            name: Some("Policy-Box".into()),
            addresses: vec!["192.0.2.7".parse().unwrap(), "2001:db8::7".parse().unwrap()],
        };
        let hosts = hosts("0.0.0.0", &["policy.test", "198.51.100.1"], machine);
        for host in [
            "127.0.0.1:4000",
            "localhost",
            "policy-box:4000",
            "policy-box.local:4000",
            "192.0.2.7:4000",
            "[2001:db8::7]:4000",
            "policy.test:4000",
            "POLICY.TEST",
            "198.51.100.1",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example:4000",
            "policy.test.evil.example",
            "0.0.0.0:4000",
            "192.0.2.8",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        assert_eq!(
            hosts.to_string(),
            "localhost, policy-box, policy-box.local, policy.test, 127.0.0.1, 192.0.2.7, \
             198.51.100.1, [::1], [2001:db8::7]"
        );
    }

    #[test]
    fn allowed_names_are_names_or_addresses() {
        assert_eq!(
            parse_host_name("Policy.Test"),
            Ok(Allowed::Name("policy.test".into()))
        );
        assert_eq!(
            parse_host_name("[::1]"),
            Ok(Allowed::Address("::1".parse().unwrap()))
        );
        for bad in [
            "",
            "policy.test:4000",
            "http://policy.test",
            "policy test",
            "a..b",
        ] {
            let error = parse_host_name(bad).unwrap_err();
            assert!(error.contains("is not a host name"), "{bad}: {error}");
        }
    }
}
