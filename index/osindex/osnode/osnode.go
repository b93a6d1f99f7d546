// Package osnode starts real OpenSearch nodes for tests and benchmarks:
// the launcher in tools/opensearch-node (built with Maven from the
// libraries Maven Central serves), one JVM per node, on loopback ports.
// Nothing is mocked. Where Java or Maven is missing, Start says so with
// an error for which Unavailable is true, and tests skip with it.
package osnode

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrUnavailable is wrapped by Start's error when no node can be started
// here: no Java, no Maven and no launcher built.
var ErrUnavailable = errors.New("opensearch node unavailable")

// Unavailable reports whether err says no node can be started here (so a
// test should skip, not fail).
func Unavailable(err error) bool { return errors.Is(err, ErrUnavailable) }

// Options say what to start.
type Options struct {
	Nodes  int // 1 (a single-node cluster) or more (a cluster of that many)
	HeapMB int // each JVM's heap, default 512
	// Log receives the nodes' output (warnings and errors); nil discards it.
	Log io.Writer
}

// Cluster is a running set of nodes.
type Cluster struct {
	dir     string
	jar     string
	heap    int
	log     io.Writer
	name    string
	https   []int
	trans   []int
	mu      sync.Mutex
	running []*exec.Cmd
	stdins  []io.WriteCloser
}

// Jar returns the launcher jar, building it with Maven when it is missing
// or older than its sources. PAPERS_OPENSEARCH_JAR names a jar built
// elsewhere.
func Jar() (string, error) {
	if j := os.Getenv("PAPERS_OPENSEARCH_JAR"); j != "" {
		if _, err := os.Stat(j); err != nil {
			return "", fmt.Errorf("%w: PAPERS_OPENSEARCH_JAR: %v", ErrUnavailable, err)
		}
		return j, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	dir := filepath.Join(root, "tools", "opensearch-node")
	jar := filepath.Join(dir, "target", "papers-opensearch-node.jar")
	if _, err := exec.LookPath("java"); err != nil {
		return "", fmt.Errorf("%w: no java on PATH (install Java 17 to test against a real OpenSearch node)", ErrUnavailable)
	}
	if fresh(jar, dir) {
		return jar, nil
	}
	if _, err := exec.LookPath("mvn"); err != nil {
		return "", fmt.Errorf("%w: no mvn on PATH to build %s (install Maven, or build it and set PAPERS_OPENSEARCH_JAR)", ErrUnavailable, jar)
	}
	// Several test processes may want it at once: one builds, the others
	// wait for its lock (a directory: portable, and atomic to create) and
	// find it built. A lock older than the longest build is a dead
	// builder's.
	lock := filepath.Join(dir, ".build.lock")
	for start := time.Now(); ; time.Sleep(200 * time.Millisecond) {
		err := os.Mkdir(lock, 0o755)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("osnode: build lock: %w", err)
		}
		if info, serr := os.Stat(lock); serr == nil && time.Since(info.ModTime()) > 10*time.Minute {
			_ = os.Remove(lock)
		}
		if time.Since(start) > 10*time.Minute {
			return "", fmt.Errorf("osnode: build lock %s held for 10 minutes", lock)
		}
	}
	defer os.Remove(lock)
	if fresh(jar, dir) {
		return jar, nil
	}
	cmd := exec.Command("mvn", "-B", "-q", "-f", filepath.Join(dir, "pom.xml"), "package")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("osnode: build the launcher (mvn -B -q -f %s package): %w\n%s", filepath.Join(dir, "pom.xml"), err, tail(out, 2000))
	}
	return jar, nil
}

// fresh reports whether jar exists and is newer than the launcher's sources.
func fresh(jar, dir string) bool {
	info, err := os.Stat(jar)
	if err != nil {
		return false
	}
	newer := false
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || newer {
			return nil
		}
		if d.IsDir() && d.Name() == "target" {
			return filepath.SkipDir
		}
		if fi, err := d.Info(); err == nil && !d.IsDir() && fi.ModTime().After(info.ModTime()) && d.Name() != ".build.lock" {
			newer = true
		}
		return nil
	})
	return !newer
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Start starts the nodes and waits until the cluster answers with every
// node in it. Close stops them; a test process that dies takes them with
// it (a node stops when its stdin closes).
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	jar, err := Jar()
	if err != nil {
		return nil, err
	}
	if opts.Nodes <= 0 {
		opts.Nodes = 1
	}
	if opts.HeapMB <= 0 {
		opts.HeapMB = 512
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	dir, err := os.MkdirTemp("", "papers-opensearch-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, jar: jar, heap: opts.HeapMB, log: opts.Log, name: "papers-test-" + strconv.Itoa(os.Getpid()),
		running: make([]*exec.Cmd, opts.Nodes), stdins: make([]io.WriteCloser, opts.Nodes)}
	ports, err := freePorts(2 * opts.Nodes)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c.https, c.trans = ports[:opts.Nodes], ports[opts.Nodes:]
	// All at once: a node of a cluster is not ready (its start blocks)
	// until it has found the others.
	errs := make([]error, opts.Nodes)
	var wg sync.WaitGroup
	for i := range opts.Nodes {
		wg.Go(func() { errs[i] = c.StartNode(i) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.WaitNodes(ctx, opts.Nodes, "yellow"); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// NodeName is the name of node i.
func (c *Cluster) NodeName(i int) string { return "n" + strconv.Itoa(i+1) }

// StartNode starts node i (again, after StopNode: with the data it had).
func (c *Cluster) StartNode(i int) error {
	n := len(c.https)
	args := []string{
		"-Xms" + strconv.Itoa(c.heap) + "m", "-Xmx" + strconv.Itoa(c.heap) + "m",
		"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m",
		"-Dio.netty.allocator.type=unpooled",
		// Errors only, unless PAPERS_OPENSEARCH_LOG asks for more (warn, info):
		// a node's warnings (a shard marked stale when a node is killed) are
		// expected in these tests.
		"-Dpapers.node.loglevel=" + logLevel(),
		"-jar", c.jar,
		"-home", filepath.Join(c.dir, c.NodeName(i)),
		"-name", c.NodeName(i), "-cluster", c.name,
		"-http", strconv.Itoa(c.https[i]), "-transport", strconv.Itoa(c.trans[i]),
	}
	if n > 1 {
		var seeds, masters []string
		for k := range n {
			seeds = append(seeds, strconv.Itoa(c.trans[k]))
			masters = append(masters, c.NodeName(k))
		}
		args = append(args, "-seeds", strings.Join(seeds, ","), "-masters", strings.Join(masters, ","))
	}
	cmd := exec.Command("java", args...)
	cmd.Stderr = c.log
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("osnode: start %s: %w", c.NodeName(i), err)
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		said := false
		for sc.Scan() {
			if !said && strings.HasPrefix(sc.Text(), "papers-opensearch-node ready") {
				said = true
				ready <- nil
			}
		}
		if !said {
			ready <- fmt.Errorf("osnode: %s exited before it was ready (its log went to the test's log writer)", c.NodeName(i))
		}
	}()
	select {
	case err := <-ready:
		if err != nil {
			_ = cmd.Wait()
			return err
		}
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return fmt.Errorf("osnode: %s not ready after 3 minutes", c.NodeName(i))
	}
	c.mu.Lock()
	c.running[i], c.stdins[i] = cmd, stdin
	c.mu.Unlock()
	return nil
}

// StopNode kills node i at once (SIGKILL): a crash, not a shutdown.
func (c *Cluster) StopNode(i int) {
	c.mu.Lock()
	cmd := c.running[i]
	c.running[i] = nil
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// URLs are the HTTP addresses of the nodes.
func (c *Cluster) URLs() []string {
	out := make([]string, len(c.https))
	for i, p := range c.https {
		out[i] = "http://127.0.0.1:" + strconv.Itoa(p)
	}
	return out
}

// WaitNodes waits until some running node reports n nodes and at least
// status (green, yellow) for the cluster.
func (c *Cluster) WaitNodes(ctx context.Context, n int, status string) error {
	deadline := time.Now().Add(3 * time.Minute)
	var last string
	for time.Now().Before(deadline) {
		for i, u := range c.URLs() {
			c.mu.Lock()
			up := c.running[i] != nil
			c.mu.Unlock()
			if !up {
				continue
			}
			url := fmt.Sprintf("%s/_cluster/health?wait_for_nodes=%d&wait_for_status=%s&timeout=5s", u, n, status)
			req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				last = err.Error()
				continue
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
			last = string(body)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("osnode: cluster not %s with %d nodes after 3 minutes: %s", status, n, last)
}

// Close stops every node (closing its stdin, which the launcher takes as
// the signal to shut down) and removes their data.
func (c *Cluster) Close() {
	c.mu.Lock()
	cmds, stdins := c.running, c.stdins
	c.running = make([]*exec.Cmd, len(cmds))
	c.mu.Unlock()
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		wg.Go(func() {
			stdins[i].Close()
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = cmd.Process.Kill()
				<-done
			}
		})
	}
	wg.Wait()
	os.RemoveAll(c.dir)
}

// freePorts finds n free loopback ports. Another process could take one
// before the node binds it; the node then fails to start, and says so.
func freePorts(n int) ([]int, error) {
	var out []int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("osnode: free port: %w", err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

func logLevel() string {
	if l := os.Getenv("PAPERS_OPENSEARCH_LOG"); l != "" {
		return l
	}
	return "error"
}
