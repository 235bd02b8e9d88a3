package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"claimline/internal/claimline"
)

func userCmd(ctx context.Context, args []string, sys stdio) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(sys.err, "Usage: claimline user add [--db DB] [--admin | --role ROLE] [--password-file FILE] NAME\n")
		return errUsage
	}
	fs := newFlags("user add", "user add [flags] NAME", sys)
	db := dbFlag(fs, sys)
	admin := fs.Bool("admin", false, "make the user an admin (same as --role admin)")
	role := fs.String("role", "editor", "role: admin, editor or viewer")
	pwFile := fs.String("password-file", envOr(sys, "CLAIMLINE_ADMIN_PASSWORD_FILE", ""), "read the password from the first line of this file instead of asking for it on the terminal [CLAIMLINE_ADMIN_PASSWORD_FILE]")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	name := pos[0]
	if *admin {
		roleSet := false
		fs.Visit(func(f *flag.Flag) { roleSet = roleSet || f.Name == "role" })
		if roleSet && *role != string(claimline.RoleAdmin) {
			return fmt.Errorf("--admin and --role %s disagree: give one of them", *role)
		}
		*role = string(claimline.RoleAdmin)
	}
	if err := claimline.ValidateUsername(name); err != nil {
		return err
	}
	if !claimline.Role(*role).Valid() {
		return fmt.Errorf("--role %q: choose admin, editor or viewer", *role)
	}
	a, ctx, err := createApp(ctx, *db, sys)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.Users.ByName(ctx, name); err == nil {
		fmt.Fprintf(sys.out, "User %q exists already; nothing changed.\n", name)
		return nil
	} else if claimline.ErrorCode(err) != claimline.ENOTFOUND {
		return err
	}
	password, err := readPassword(*pwFile, sys)
	if err != nil {
		return err
	}
	u, err := a.Users.Add(ctx, name, claimline.Role(*role), password)
	if errs := claimline.FieldErrors(err); errs != nil {
		return errors.New(claimline.FieldErrorText(err))
	} else if err != nil {
		return err
	}
	fmt.Fprintf(sys.out, "Created %s %q (id %d).\n", u.Role, u.Username, u.ID)
	return nil
}

// readPassword takes the password from a file, from the terminal (typed
// twice, not echoed), or from the first line of standard input.
func readPassword(file string, sys stdio) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		return strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r"), nil
	}
	if f, ok := sys.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(sys.err, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(sys.err)
		if err != nil {
			return "", err
		}
		fmt.Fprint(sys.err, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(sys.err)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(sys.in).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given: use --password-file, or type it on a terminal")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
