// Command papers reads council and panel papers (PDF, HTML), indexes them
// and searches them. Run "papers --help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"panelpapers/index"
	"panelpapers/search"
)

// Exit codes. Scripts branch on these, so they never change meaning.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitLocked      = 11
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := newApp(os.Stdout, os.Stderr).RunContext(ctx, os.Args)
	code := exitCode(ctx, err)
	if err != nil {
		fmt.Fprintf(os.Stderr, "papers: %v\n", err)
	}
	stop()
	os.Exit(code)
}

// exitCode is the one place errors become exit statuses.
func exitCode(ctx context.Context, err error) int {
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case index.IsLocked(err):
		return exitLocked
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitInterrupted
	case errors.As(err, &usage) || errors.Is(err, search.ErrBadRequest):
		return exitUsage
	default:
		return exitFailure
	}
}

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "papers",
		Usage:     "search the public papers of council committees and Police and Crime Panels",
		UsageText: "papers [--index DIR] COMMAND [command options] [arguments...]\n\nFlags go before arguments: \"papers search --limit 5 flood\", not \"papers search flood --limit 5\".",
		Writer:    stdout,
		ErrWriter: stderr,
		Flags: []cli.Flag{
			indexFlag(),
			mergesFlag(),
			&cli.StringFlag{Name: "cpuprofile", Hidden: true, Usage: "write a pprof CPU profile of the command to `FILE`"},
		},
		Before: startCPUProfile,
		After:  stopCPUProfile,
		Commands: []*cli.Command{
			ingestCommand(),
			extractCommand(),
			searchCommand(),
			showCommand(),
			traceCommand(),
			statsCommand(),
			serveCommand(),
			fundingCommand(),
			exportCommand(),
			entitiesCommand(),
		},
		HideHelpCommand: true,
		Suggest:         true,
		// Errors come back to main, which maps them to exit codes; nothing
		// may call os.Exit behind its back.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("no command %q; see papers --help", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
	}
	app.Flags = append(app.Flags, backendFlags()...)
	for _, cmd := range app.Commands {
		cmd.OnUsageError = onUsageError
		if cmd.Name != "extract" { // the one command that reads no index
			cmd.Flags = append(cmd.Flags, backendFlags()...)
		}
	}
	return app
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usageError{err.Error()}
}
