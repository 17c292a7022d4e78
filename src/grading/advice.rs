//! What to tell a student about each code: one exhaustive match, so a new code needs advice.

use super::verdict::Code;

pub fn advice_for(code: Code) -> &'static str {
    match code {
        Code::Ok => "",
        Code::WrongShape => {
            "Check the dimensions first: the shape must match before the values can."
        }
        Code::WrongValues => "The shape is right; recheck the arithmetic where it goes wrong.",
        Code::WrongType => {
            "Write numbers as numbers, decimals or fractions such as \"3/5\", in the form the question asks for."
        }
        Code::Missing => "Give a value for every field you answer.",
        Code::NotOrthonormal => {
            "Normalise each vector and make them mutually orthogonal (Gram-Schmidt)."
        }
        Code::NotNormalized => "Divide each vector by its length to make it a unit vector.",
        Code::WrongSpan => "Your vectors span a different subspace; recompute the basis.",
        Code::WrongDimension => {
            "The number of basis vectors is the subspace's dimension; recount using the rank."
        }
        Code::WrongSignPairing => {
            "Singular vectors may flip sign only in pairs: flipping u_i means flipping v_i too."
        }
        Code::NotEigenvector => {
            "Multiply A by your vector: an eigenvector comes back as a multiple of itself, λ v, with its own eigenvalue λ."
        }
        Code::DependentVectors => {
            "Inside a repeated eigenvalue, give independent vectors spanning its eigenspace."
        }
        Code::NotExact => {
            "This exercise asks for exact values: use fractions such as \"-3/2\", not rounded decimals."
        }
        Code::WrongOrder => "Results go best first; only equal scores may appear in any order.",
    }
}
