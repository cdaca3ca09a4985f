// Result<T>: a value or a one-line error. Used at every boundary where user input
// (captures, rules, configs) can be wrong; no exceptions cross stage boundaries.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace vigie {

struct Error {
    std::string message;  // one line, no trailing newline; "file:line: reason" where a location exists
};

template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}                 // NOLINT(google-explicit-constructor)
    Result(Error err) : v_(std::move(err)) {}                 // NOLINT(google-explicit-constructor)
    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    const std::string& error() const { return std::get<Error>(v_).message; }

private:
    std::variant<T, Error> v_;
};

template <>
class Result<void> {
public:
    Result() = default;
    Result(Error err) : err_(std::move(err.message)), failed_(true) {}  // NOLINT
    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return err_; }

private:
    std::string err_;
    bool failed_ = false;
};

inline Error make_error(std::string msg) { return Error{std::move(msg)}; }

}  // namespace vigie
