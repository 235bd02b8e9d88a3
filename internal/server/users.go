package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"claimline/internal/claimline"
	"claimline/views"
)

func (s *Server) account(c echo.Context) error {
	return render(c, http.StatusOK, views.AccountPage(s.page(c, "Your account", "account"), views.AccountForm{LogoutAll: true}))
}

func (s *Server) changePassword(c echo.Context) error {
	me := currentUser(c)
	f := views.AccountForm{LogoutAll: c.FormValue("logout_others") == "1"}
	keep := ""
	if ck, err := c.Cookie(sessionCookie); err == nil {
		keep = ck.Value
	}
	err := s.users.ChangePassword(c.Request().Context(), me.ID, c.FormValue("current"), c.FormValue("password"), f.LogoutAll, keep)
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return render(c, http.StatusUnprocessableEntity, views.AccountPage(s.page(c, "Your account", "account"), f))
	} else if err != nil {
		return err
	}
	s.security(c, "password changed", "username", me.Username)
	return s.redirect(c, "/account", "Your password has been changed.")
}

func (s *Server) userList(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, views.NewUserForm{Role: string(claimline.RoleEditor)})
}

func (s *Server) renderUsers(c echo.Context, status int, f views.NewUserForm) error {
	users, err := s.users.List(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, status, views.UsersPage(s.page(c, "Users", "users"), users, f, s.db.BackupElsewhere()))
}

func (s *Server) createUser(c echo.Context) error {
	f := views.NewUserForm{Username: strings.TrimSpace(c.FormValue("username")), Role: c.FormValue("role")}
	u, err := s.users.Add(c.Request().Context(), f.Username, claimline.Role(f.Role), c.FormValue("password"))
	if f.Errors = claimline.FieldErrors(err); f.Errors != nil {
		return s.renderUsers(c, formStatus(err), f)
	} else if err != nil {
		return err
	}
	s.security(c, "user created", "username", u.Username, "role", string(u.Role))
	return s.redirect(c, "/admin/users", "User "+u.Username+" added.")
}

func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, claimline.Errorf(claimline.ENOTFOUND, "Not found.")
	}
	return id, nil
}

func (s *Server) user(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u, err := s.users.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.UserPage(s.page(c, u.Username, "users"), *u, views.EditUserForm{Input: u.Input(),
		Edit: s.openEdit(c, "user", u.ID, u.Revision)}))
}

func (s *Server) updateUser(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	role, disabled := claimline.Role(c.FormValue("role")), c.FormValue("disabled") == "1"
	before, err := s.users.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	in := claimline.UserInput{Role: role, Disabled: disabled}
	rev, err := formRevision(c)
	if err != nil {
		return err
	}
	u, err := s.users.Update(c.Request().Context(), id, rev, role, disabled)
	if cf := claimline.ConflictOf(err); cf != nil {
		cur := cf.Current.(*claimline.User)
		return render(c, http.StatusConflict, views.UserPage(s.page(c, before.Username, "users"), *cur, views.EditUserForm{Input: in,
			Edit: s.conflictEdit(c, cf, in.Fields(), cur.Input().Fields(), "/admin/users/"+views.ID(id), "user", id)}))
	} else if code := claimline.ErrorCode(err); code == claimline.ECONFLICT || code == claimline.EINVALID || claimline.IsFault(err) {
		status := formStatus(err)
		if code == claimline.ECONFLICT { // no enabled admin would be left: the input is refused
			status = http.StatusUnprocessableEntity
		}
		return render(c, status, views.UserPage(s.page(c, before.Username, "users"), *before,
			views.EditUserForm{Input: in, Edit: views.EditState{Revision: rev}, Errors: views.Errors{"": claimline.ErrorMessage(err)}}))
	} else if err != nil {
		return err
	}
	if before.Role != u.Role {
		s.security(c, "role changed", "username", u.Username, "from", string(before.Role), "to", string(u.Role))
	}
	if before.Disabled != u.Disabled {
		s.security(c, "user disabled changed", "username", u.Username, "disabled", u.Disabled)
	}
	return s.redirect(c, "/admin/users", "User "+u.Username+" saved.")
}

func (s *Server) resetPassword(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.users.Get(ctx, id)
	if err != nil {
		return err
	}
	err = s.users.ResetPassword(ctx, id, c.FormValue("password"))
	if errs := claimline.FieldErrors(err); errs != nil {
		return render(c, http.StatusUnprocessableEntity, views.UserPage(s.page(c, u.Username, "users"), *u,
			views.EditUserForm{Errors: errs, Input: u.Input(), Edit: views.EditState{Revision: u.Revision}}))
	} else if err != nil {
		return err
	}
	s.security(c, "password reset", "username", u.Username)
	return s.redirect(c, "/admin/users", "Password of "+u.Username+" reset; they have been signed out.")
}

// backup sends a fresh, integrity-checked copy of the database. Making the
// copy changes nothing, so it is a GET; only admins may have it.
func (s *Server) backup(c echo.Context) error {
	dir, err := os.MkdirTemp("", "claimline-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	name := "claimline-" + s.now().UTC().Format("2006-01-02") + ".db"
	path := filepath.Join(dir, name)
	if err := s.db.Backup(c.Request().Context(), path); err != nil {
		return err
	}
	s.security(c, "backup downloaded")
	return c.Attachment(path, name)
}
