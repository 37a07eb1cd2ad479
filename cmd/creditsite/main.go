// Command creditsite builds the 信用中国 "诚信建设万里行" column site from
// county CSV exports and Markdown pages.
//
// Each subcommand lives in its own file and registers itself in commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sort"

	"creditsite/internal/build"
)

// command is one subcommand: its one-line summary (Chinese, for staff) and
// the function that runs it with the arguments after its name.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

// errFailed reports a failure whose explanation was already printed.
var errFailed = errors.New("failed")

// errPrinted is errFailed for a failure not about the data (status 2).
var errPrinted = errors.New("failed, not about the data")

func main() {
	build.TuneMemory()
	os.Exit(profiled(func() int { return run(os.Args[1:], os.Stdout, os.Stderr) }))
}

// profiled runs f, writing a CPU profile to $CREDITSITE_CPUPROFILE when it
// is set: how docs/performance.md profiles whole builds with go tool pprof.
func profiled(f func() int) int {
	p := os.Getenv("CREDITSITE_CPUPROFILE")
	if p == "" {
		return f()
	}
	out, err := os.Create(p)
	if err == nil {
		err = pprof.StartCPUProfile(out)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "creditsite：无法写入性能分析文件 %s：%v\n", p, err)
		return 1
	}
	defer out.Close()
	defer pprof.StopCPUProfile()
	return f()
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "creditsite：未知命令 %q\n", args[0])
		usage(stderr)
		return 2
	}
	err := cmd.run(args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 2
	case errors.Is(err, errFailed):
		return 1
	case errors.Is(err, errPrinted):
		return 2
	}
	// Anything else is not about the data (a missing folder, a file that
	// cannot be written, a bad flag): 2, so scripts tell it from 1.
	fmt.Fprintf(stderr, "creditsite %s：%v\n", args[0], err)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "用法：creditsite <命令> [参数]")
	fmt.Fprintln(w, "\n命令：")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n运行 creditsite <命令> -h 查看该命令的参数。")
}

// newFlags returns a flag set that prints its usage to stderr and returns
// errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("creditsite "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "用法：%s [参数]\n\n参数：\n", fs.Name())
		printFlags(fs)
	}
	return fs
}

// kindNames names the kinds of flag values for staff.
var kindNames = map[string]string{"string": "文本", "int": "数字", "uint": "数字", "float": "数字", "duration": "时长（如 30m、1h）", "value": "值"}

// printFlags lists a command's flags in Chinese (flag.PrintDefaults
// writes "default" in English).
func printFlags(fs *flag.FlagSet) {
	w := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  -%s", f.Name)
		if kind != "" {
			fmt.Fprintf(w, " %s", kindNames[kind])
		}
		fmt.Fprintf(w, "\n    \t%s", usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, "（默认 %s）", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}
