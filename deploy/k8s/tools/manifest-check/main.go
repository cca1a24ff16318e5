// manifest-check validates Dentalink's deployment manifests offline, with the libraries the real tools
// use, and prints what it found as JSON for tests/deploy/test_manifests.py:
//
//	manifest-check k8s FILE             kustomize's output: every built-in kind decoded strictly by the
//	                                    Kubernetes API types (unknown or duplicate fields, wrong types and
//	                                    bad quantities are errors) and a few apimachinery name checks;
//	                                    custom resources (Strimzi, CloudNativePG, …) are listed unchecked
//	manifest-check compose FILE ENV     compose-go (the loader of `docker compose`): compose-spec schema,
//	                                    interpolation with the variables of the dotenv file ENV,
//	                                    consistency (networks, volumes, secrets, depends_on); the model
//	manifest-check dockerfile FILE      BuildKit's Dockerfile frontend: parse, the `docker build --check`
//	                                    rules and the conversion to LLB against stand-in base images (no
//	                                    registry is asked), then the resulting image configuration
//	manifest-check context DIR          the files of the build context DIR once .dockerignore applies
//	                                    (moby/patternmatcher, the matcher of the Docker CLI)
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	digest "github.com/opencontainers/go-digest"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

func main() {
	if len(os.Args) < 3 {
		fail(errors.New("usage: manifest-check k8s FILE | compose FILE ENV | dockerfile FILE | context DIR"))
	}
	var (
		out any
		err error
	)
	switch os.Args[1] {
	case "k8s":
		out, err = checkKubernetes(os.Args[2])
	case "compose":
		if len(os.Args) < 4 {
			err = errors.New("usage: manifest-check compose FILE ENV")
		} else {
			out, err = checkCompose(os.Args[2], os.Args[3])
		}
	case "dockerfile":
		out, err = checkDockerfile(os.Args[2])
	case "context":
		out, err = contextFiles(os.Args[2])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "manifest-check:", err)
	os.Exit(2)
}

// --- Kubernetes -----------------------------------------------------------------------------------

type kubernetesReport struct {
	Checked   []string `json:"checked"`
	Unchecked []string `json:"unchecked"`
	Errors    []string `json:"errors"`
}

func checkKubernetes(path string) (*kubernetesReport, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme,
		autoscalingv2.AddToScheme, networkingv1.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			return nil, err
		}
	}
	// Strict: a field the type does not have, or one given twice, is an error (kubectl's
	// --validate=strict does the same on the server).
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	report := &kubernetesReport{Checked: []string{}, Unchecked: []string{}, Errors: []string{}}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(file))
	for index := 0; ; index++ {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(document)) == 0 {
			continue
		}
		var head struct {
			APIVersion string            `json:"apiVersion"`
			Kind       string            `json:"kind"`
			Metadata   metav1.ObjectMeta `json:"metadata"`
		}
		if err := utilyaml.Unmarshal(document, &head); err != nil {
			report.Errors = append(report.Errors, fmt.Sprintf("document %d: %v", index, err))
			continue
		}
		name := fmt.Sprintf("%s %s/%s", head.APIVersion, head.Kind, head.Metadata.Name)
		object, _, err := decoder.Decode(document, nil, nil)
		if runtime.IsNotRegisteredError(err) {
			report.Unchecked = append(report.Unchecked, name)
			report.Errors = append(report.Errors, metadataErrors(name, &head.Metadata)...)
			continue
		}
		if err != nil {
			report.Errors = append(report.Errors, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		report.Checked = append(report.Checked, name)
		accessor, err := meta.Accessor(object)
		if err != nil {
			return nil, err
		}
		objectMeta := metav1.ObjectMeta{Name: accessor.GetName(), Labels: accessor.GetLabels(),
			Annotations: accessor.GetAnnotations()}
		report.Errors = append(report.Errors, metadataErrors(name, &objectMeta)...)
		report.Errors = append(report.Errors, objectErrors(name, object)...)
	}
	return report, nil
}

// metadataErrors: what the API server's ObjectMeta validation would refuse (names, label and
// annotation keys, label values).
func metadataErrors(name string, m *metav1.ObjectMeta) []string {
	var found []string
	for _, problem := range validation.IsDNS1123Subdomain(m.Name) {
		found = append(found, fmt.Sprintf("%s: metadata.name: %s", name, problem))
	}
	for key, value := range m.Labels {
		for _, problem := range validation.IsQualifiedName(key) {
			found = append(found, fmt.Sprintf("%s: label key %q: %s", name, key, problem))
		}
		for _, problem := range validation.IsValidLabelValue(value) {
			found = append(found, fmt.Sprintf("%s: label %q value: %s", name, key, problem))
		}
	}
	for key := range m.Annotations {
		for _, problem := range validation.IsQualifiedName(strings.ToLower(key)) {
			found = append(found, fmt.Sprintf("%s: annotation key %q: %s", name, key, problem))
		}
	}
	return found
}

// objectErrors: checks of the API server's validation that the types alone do not make (names of
// containers and ports, environment variable names, a selector matching its template).
func objectErrors(name string, object runtime.Object) []string {
	var found []string
	podSpec := func(spec *corev1.PodSpec, labels map[string]string, selector *metav1.LabelSelector) {
		if selector != nil {
			parsed, err := metav1.LabelSelectorAsSelector(selector)
			if err != nil {
				found = append(found, fmt.Sprintf("%s: selector: %v", name, err))
			} else if !parsed.Matches(labelSet(labels)) {
				found = append(found, fmt.Sprintf("%s: selector does not match the pod template's labels", name))
			}
		}
		containers := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
		for _, container := range containers {
			for _, problem := range validation.IsDNS1123Label(container.Name) {
				found = append(found, fmt.Sprintf("%s: container %q: %s", name, container.Name, problem))
			}
			for _, port := range container.Ports {
				if port.Name == "" {
					continue
				}
				for _, problem := range validation.IsValidPortName(port.Name) {
					found = append(found, fmt.Sprintf("%s: port %q: %s", name, port.Name, problem))
				}
			}
			for _, variable := range container.Env {
				for _, problem := range validation.IsEnvVarName(variable.Name) {
					found = append(found, fmt.Sprintf("%s: env %q: %s", name, variable.Name, problem))
				}
			}
		}
	}
	switch typed := object.(type) {
	case *appsv1.Deployment:
		podSpec(&typed.Spec.Template.Spec, typed.Spec.Template.Labels, typed.Spec.Selector)
	case *appsv1.StatefulSet:
		podSpec(&typed.Spec.Template.Spec, typed.Spec.Template.Labels, typed.Spec.Selector)
	case *batchv1.Job:
		podSpec(&typed.Spec.Template.Spec, typed.Spec.Template.Labels, nil)
	case *corev1.Service:
		for _, port := range typed.Spec.Ports {
			if port.Name == "" {
				continue
			}
			for _, problem := range validation.IsValidPortName(port.Name) {
				found = append(found, fmt.Sprintf("%s: port %q: %s", name, port.Name, problem))
			}
		}
	case *corev1.ConfigMap:
		for key := range typed.Data {
			for _, problem := range validation.IsConfigMapKey(key) {
				found = append(found, fmt.Sprintf("%s: key %q: %s", name, key, problem))
			}
		}
	}
	return found
}

type labelSet map[string]string

func (s labelSet) Has(key string) bool   { _, ok := s[key]; return ok }
func (s labelSet) Get(key string) string { return s[key] }
func (s labelSet) Lookup(key string) (string, bool) {
	value, ok := s[key]
	return value, ok
}

// --- Compose ------------------------------------------------------------------------------------

type composeReport struct {
	Project json.RawMessage `json:"project"`
}

func checkCompose(path, envFile string) (*composeReport, error) {
	absolute, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	environment, err := dotenv.GetEnvFromFile(map[string]string{}, []string{envFile})
	if err != nil {
		return nil, err
	}
	details := types.ConfigDetails{
		WorkingDir:  filepath.Dir(absolute),
		ConfigFiles: []types.ConfigFile{{Filename: absolute}},
		Environment: environment,
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(options *loader.Options) {
		options.SetProjectName("dentalink", true)
	})
	if err != nil {
		return nil, err
	}
	model, err := project.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return &composeReport{Project: model}, nil
}

// --- Dockerfile ----------------------------------------------------------------------------------

type dockerfileWarning struct {
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
	Line   int    `json:"line"`
}

type dockerfileReport struct {
	Warnings []dockerfileWarning `json:"warnings"`
	Error    string              `json:"error,omitempty"`
	// The configuration of the image the default target builds, as BuildKit computes it.
	Image json.RawMessage `json:"image,omitempty"`
	// The base image each FROM asked for, in order.
	BaseImages []string `json:"base_images"`
}

// standInImages answers every base image with an empty Linux configuration: the conversion runs
// without a registry, and the image configuration it computes is the Dockerfile's own.
type standInImages struct{ asked *[]string }

func (s standInImages) ResolveImageConfig(_ context.Context, ref string, _ sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	*s.asked = append(*s.asked, ref)
	config := []byte(`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},` +
		`"config":{"Env":["PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"]}}`)
	return ref, digest.FromBytes(config), config, nil
}

var _ llb.ImageMetaResolver = standInImages{}

func checkDockerfile(path string) (*dockerfileReport, error) {
	source, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	report := &dockerfileReport{Warnings: []dockerfileWarning{}, BaseImages: []string{}}
	warn := func(rule, _, _, message string, location []parser.Range) {
		line := 0
		if len(location) > 0 {
			line = location[0].Start.Line
		}
		report.Warnings = append(report.Warnings, dockerfileWarning{Rule: rule, Detail: message, Line: line})
	}
	sourceMap := llb.NewSourceMap(nil, path, "Dockerfile", source)
	sourceMap.Definition = &llb.Definition{} // the lint report names the file; no build state to show
	options := dockerfile2llb.ConvertOpt{MetaResolver: standInImages{asked: &report.BaseImages}, SourceMap: sourceMap}
	// The lint pass: every rule of `docker build --check`, over all stages.
	lintResults, err := dockerfile2llb.DockerfileLint(context.Background(), source, options)
	if err != nil {
		return nil, err
	}
	for _, warning := range lintResults.Warnings {
		line := 0
		if warning.Location != nil && len(warning.Location.Ranges) > 0 {
			line = int(warning.Location.Ranges[0].Start.Line)
		}
		report.Warnings = append(report.Warnings, dockerfileWarning{Rule: warning.RuleName, Detail: warning.Detail, Line: line})
	}
	if lintResults.Error != nil {
		report.Error = lintResults.Error.Message
		return report, nil
	}
	report.BaseImages = report.BaseImages[:0]
	options.Warn = warn
	result, err := dockerfile2llb.Dockerfile2LLB(context.Background(), source, options)
	if err != nil {
		report.Error = err.Error()
		return report, nil
	}
	image, err := json.Marshal(result.Image)
	if err != nil {
		return nil, err
	}
	report.Image = image
	report.Warnings = dedupe(report.Warnings)
	return report, nil
}

func dedupe(warnings []dockerfileWarning) []dockerfileWarning {
	seen := map[dockerfileWarning]bool{}
	kept := []dockerfileWarning{}
	for _, warning := range warnings {
		if !seen[warning] {
			seen[warning] = true
			kept = append(kept, warning)
		}
	}
	return kept
}

// --- Build context ------------------------------------------------------------------------------

func contextFiles(dir string) ([]string, error) {
	patterns := []string{}
	if ignore, err := os.Open(filepath.Join(dir, ".dockerignore")); err == nil {
		patterns, err = ignorefile.ReadAll(ignore)
		ignore.Close()
		if err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	matcher, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, err
	}
	files := []string{}
	err = filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		relative, err := filepath.Rel(dir, path)
		if err != nil || relative == "." {
			return err
		}
		excluded, err := matcher.MatchesOrParentMatches(relative)
		if err != nil {
			return err
		}
		if excluded {
			// A directory is skipped whole unless an exception (!pattern) may bring back part of it.
			if entry.IsDir() && !matcher.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		if !entry.IsDir() {
			files = append(files, filepath.ToSlash(relative))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
