//! A cluster export beneath the input (`--cluster-export FILE`): the objects of a `kubectl
//! get ... -A -o yaml` export stand for the rest of the cluster, and every object of the
//! input replaces the export's object of the same kind, namespace and name, as `kubectl
//! apply` of the input would. For `sgctl diff`, the old side's objects are the team's part of
//! the export: they are taken out before the new side's go in, so an object the new side no
//! longer has is gone from the cluster, not left as the export had it.

use super::Manifests;

/// The export's objects that `input` does not replace, then `input`'s: the cluster once the
/// input is applied over the export.
pub fn beneath(export: Manifests, input: Manifests) -> Manifests {
    let keys = input.keys();
    let mut cluster = export.without(&keys);
    cluster.append(input);
    cluster
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Manifests {
        let mut manifests = Manifests::default();
        crate::manifest::load_text("f.yaml", text, &mut manifests).unwrap();
        manifests
    }

    fn ingress(namespace: &str, name: &str, class: &str) -> String {
        format!("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec: {{ingressClassName: {class}}}\n---\n")
    }

    fn names(manifests: &Manifests) -> Vec<String> {
        let mut names: Vec<String> = manifests
            .ingresses
            .iter()
            .map(|i| format!("{} {}", super::super::namespaced_name(&i.value.metadata), i.source.file))
            .chain(
                manifests.services.iter().map(|s| format!("svc {}", super::super::namespaced_name(&s.value.metadata))),
            )
            .chain(manifests.pod_templates.iter().map(|p| p.value.owner.clone()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_input_replaces_objects_of_the_same_kind_namespace_and_name() {
        let export = format!(
            "{}{}apiVersion: v1\nkind: Service\nmetadata: {{name: web, namespace: a}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: a}}\nspec: {{selector: {{}}, template: {{spec: {{containers: []}}}}}}\n",
            ingress("a", "web", "alb"),
            ingress("b", "web", "alb")
        );
        let mut export = read(&export);
        for ingress in &mut export.ingresses {
            ingress.source.file = "export.yaml".into();
        }
        // Same name, other namespace and other kind stay; the same key is replaced.
        let input = read(&format!(
            "{}apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: a}}\nspec: {{selector: {{}}, template: {{spec: {{containers: []}}}}}}\n",
            ingress("a", "web", "other")
        ));
        let cluster = beneath(export, input);
        assert_eq!(
            names(&cluster),
            ["Deployment a/web", "a/web f.yaml", "b/web export.yaml", "svc a/web"].map(String::from).to_vec()
        );
        assert_eq!(cluster.object_count(), 4);
    }

    #[test]
    fn objects_taken_out_are_gone_whatever_replaces_them() {
        let old = read(&ingress("a", "gone", "alb"));
        let export = read(&format!("{}{}", ingress("a", "gone", "alb"), ingress("b", "kept", "alb")));
        let cluster = export.without(&old.keys());
        assert_eq!(names(&cluster), ["b/kept f.yaml"]);
    }
}
