//! What to tell a student about each code: one exhaustive match, so a new code needs advice.

use super::verdict::Code;

pub fn advice_for(code: Code) -> &'static str {
    match code {
        Code::Ok => "",
        Code::WrongShape => {
            "Check the dimensions first: the shape must match before the values can."
        }
        Code::WrongValues => "The shape is right; recheck the arithmetic of the entry named.",
        Code::WrongType => "Compare your answer's form with the expected one.",
        Code::Missing => "Give a value for every field you answer.",
        Code::NotOrthonormal => {
            "Normalise each vector and make them mutually orthogonal (Gram-Schmidt)."
        }
        Code::NotNormalized => "Scale each eigenvector to unit length.",
        Code::WrongSpan => "Your vectors span a different subspace; recompute the basis.",
        Code::WrongDimension => {
            "The number of basis vectors is the subspace's dimension; recount using the rank."
        }
        Code::WrongSignPairing => {
            "Singular vectors may flip sign only in pairs: flipping u_i means flipping v_i too."
        }
        Code::NotEigenvector => "Check A v = λ v for the vector named.",
        Code::DependentVectors => {
            "Inside a repeated eigenvalue, give independent vectors spanning its eigenspace."
        }
        Code::NotExact => {
            "This exercise expects exact arithmetic: use fractions such as \"-3/2\", not rounded decimals."
        }
        Code::WrongOrder => "Results go best first; only equal scores may appear in any order.",
    }
}
