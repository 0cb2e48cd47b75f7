//! Region chains are worked out once per region: thousands of regions in a
//! chain or a cycle are checked at once, a cycle is one error naming its
//! regions, and a chain broken at its top is one error.

use crate::support::Project;

const REGIONS: usize = 3000;

/// The minimal project with regions `r0` … `r2999`, each the parent of the
/// next; `r0`'s parent is `top`.
fn chain(top: &str) -> Project {
    let project = Project::minimal();
    project.write("regions/r0.yaml", format!("name: R0\nparent: {top}\n"));
    for i in 1..REGIONS {
        project.write(
            &format!("regions/r{i}.yaml"),
            format!("name: R{i}\nparent: r{}\n", i - 1),
        );
    }
    project
}

#[test]
fn a_cycle_of_thousands_of_regions_is_one_error_naming_them() {
    // r0's parent is the last region: every region is in the cycle.
    let project = chain(&format!("r{}", REGIONS - 1));
    // And one region hangs off it: its chain is broken, which is not
    // another error.
    project.write("regions/leaf.yaml", "name: Leaf\nparent: r5\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    let d = report.find("the regions' parents form a cycle");
    // Named from its first region by name, at the `parent:` that closes it.
    d.assert_at("regions/r1.yaml", Some(2), Some(1));
    let names: Vec<&str> = d
        .message
        .trim_start_matches("the regions' parents form a cycle: ")
        .split(" → ")
        .collect();
    assert_eq!(names.len(), REGIONS + 1, "{}", d.message);
    assert_eq!(names.first(), Some(&"r0"));
    assert_eq!(names.get(1), Some(&"r2999"));
    assert_eq!(names.last(), Some(&"r0"));
    assert!(!names.contains(&"leaf"), "{}", d.message);
}

#[test]
fn a_chain_of_thousands_of_regions_with_an_unknown_top_is_one_error() {
    let project = chain("nowhere");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("the parent region `nowhere` does not exist")
        .assert_at("regions/r0.yaml", Some(2), Some(1));
}

#[test]
fn a_small_cycle_is_named_from_its_first_region_and_its_branches_are_not_reported() {
    let project = Project::minimal();
    project.write("regions/b.yaml", "name: B\nparent: c\n");
    project.write("regions/c.yaml", "name: C\nparent: a\n");
    project.write("regions/a.yaml", "name: A\nparent: b\n");
    project.write("regions/d.yaml", "name: D\nparent: c\n");
    project.write("regions/e.yaml", "name: E\n");
    let (code, report) = project.check_json(&[]);
    assert_eq!(code, 1, "{report:#?}");
    assert_eq!(report.errors, 1, "{report:#?}");
    report
        .find("the regions' parents form a cycle: a → b → c → a")
        .assert_at("regions/c.yaml", Some(2), Some(1));
}
